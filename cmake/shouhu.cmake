# Helpers shared by every folder's CMakeLists.txt.

# Warnings on our own targets only (third-party headers are included as SYSTEM).
# -Wrestrict is off for GCC: at -O3 GCC 12 reports impossible overlaps inside
# std::string's own operator+ and operator= (GCC bug 105651), never in our code.
function(shouhu_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
    $<$<BOOL:${SHOUHU_WERROR}>:-Werror>)
endfunction()

# shouhu_library(NAME src...) : a static library whose includes name the folder
# ("#include \"rules/rule_pack.h\""), so the include root is the source root.
function(shouhu_library name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  shouhu_warnings(${name})
endfunction()

# shouhu_test(NAME SOURCES src... LIBS lib... [PROPERTIES prop value...]) : a GoogleTest
# binary registered with ctest; PROPERTIES are set on every test it discovers.
function(shouhu_test name)
  if(NOT SHOUHU_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    SHOUHU_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SHOUHU_BINARY_DIR="${PROJECT_BINARY_DIR}")
  shouhu_warnings(${name})
  if(T_PROPERTIES)
    gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_BINARY_DIR} DISCOVERY_TIMEOUT 60
                         PROPERTIES ${T_PROPERTIES})
  else()
    gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_BINARY_DIR} DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

# shouhu_benchmark(NAME SOURCES src... LIBS lib...) : a Google Benchmark binary, built
# only with -DSHOUHU_BUILD_BENCHMARKS=ON (scripts/bench.sh turns it on).
function(shouhu_benchmark name)
  if(NOT SHOUHU_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(B "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${B_SOURCES})
  target_link_libraries(${name} PRIVATE ${B_LIBS} benchmark::benchmark)
  target_compile_definitions(${name} PRIVATE SHOUHU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  shouhu_warnings(${name})
endfunction()
