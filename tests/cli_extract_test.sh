#!/usr/bin/env bash
# `shouhu extract` on every saved item page of tests/testdata/sites/, key fields
# checked in the printed Listing JSON; and a broken profile must give exit code 2
# with file:line: key '…' on stderr.
#   tests/cli_extract_test.sh SHOUHU_BINARY SOURCE_DIR
set -euo pipefail
shouhu=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# check NAME PROFILE HTML URL CONTENT_TYPE PYTHON_ASSERTIONS (over `l`, the Listing)
check() {
  local name=$1 profile=$2 html=$3 url=$4 ct=$5 asserts=$6
  if ! "$shouhu" extract --site "$root/config/sites/$profile.toml" --html "$root/tests/testdata/sites/$html" \
      --url "$url" --content-type "$ct" >"$tmp/$name.json" 2>"$tmp/$name.err"; then
    echo "FAIL $name: exit code $?"; cat "$tmp/$name.err"; fail=1; return
  fi
  if python3 -c "
import json, sys
l = json.load(open(sys.argv[1]))
$asserts
" "$tmp/$name.json"; then
    echo "ok   $name"
  else
    echo "FAIL $name"; cat "$tmp/$name.json"; fail=1
  fi
}

check tiantu tiantu tiantu/item_6012345678.html "http://mall.tiantu.test/item/6012345678.html" \
  "text/html; charset=utf-8" '
assert l["site"] == "tiantu" and l["item_id"] == "6012345678", l
assert l["title"] == "益智磁力片积木 儿童拼装玩具", l["title"]
assert l["price"] == {"amount": 59.0, "currency": "CNY", "text": "59.00"}, l["price"]
assert l["fetched_charset"] == "UTF-8", l.get("fetched_charset")
assert l["shop"]["url"].startswith("http://mall.tiantu.test/"), l["shop"]
assert l["standards"] == ["GB 6675.1-2014", "GB 6675.2-2014", "GB/T 26701-2011"], l["standards"]
assert l["ccc"] == ["2021012202123456"], l["ccc"]
assert l["age_range"] == "3-6岁" and l["age_months"] == {"min": 36, "max": 72}, l
assert l["manufacturer"]["name"] == "宁波乐思童玩具有限公司", l["manufacturer"]
assert l["provenance"]["title"] == {"source": "jsonld", "path": "name"}, l["provenance"]
assert "safety_category" not in l
'

check kuaigou kuaigou kuaigou/goods_6023456789.html "http://m.kuaigou.test/goods/detail?id=6023456789" "" '
assert l["item_id"] == "6023456789", l
assert l["title"] == "儿童校服套装 小学生春秋运动服", l["title"]
assert l["standards"] == ["GB/T 31888-2015", "GB 31701-2015"], l["standards"]
assert l["safety_category"] == "B类", l
assert "ccc" not in l and "age_range" not in l and "age_months" not in l, l
assert l["provenance"]["title"]["source"] == "embedded", l["provenance"]
'

for ct in "text/html; charset=GBK" ""; do
  check "lanmao${ct:+-gbk-header}" lanmao lanmao/product_6034567890.htm "http://www.lanmao.test/product/6034567890.htm" \
    "$ct" '
assert l["item_id"] == "6034567890", l
assert l["title"] == "婴儿连体衣 纯棉 0-3个月", l["title"]
assert l["standards"] == ["GB 31701-2015", "GB 18401-2010"], l["standards"]
assert l["safety_category"] == "A类 婴幼儿用品", l
assert l["age_range"] == "0-3个月" and l["age_months"] == {"min": 0, "max": 3}, l
assert l["manufacturer"]["address"] == "福建省福州市仓山区建新镇工业园3号", l["manufacturer"]
'
done

# Not an item page: exit code 2 and a message.
if "$shouhu" extract --site "$root/config/sites/tiantu.toml" --html "$root/tests/testdata/sites/tiantu/search_page1.html" \
    --url "http://mall.tiantu.test/search?q=x" >/dev/null 2>"$tmp/list.err"; then
  echo "FAIL list page: exit code 0"; fail=1
else
  rc=$?
  if [[ $rc -eq 2 ]] && grep -q "not an item page" "$tmp/list.err"; then echo "ok   list page refused"; else
    echo "FAIL list page: exit code $rc"; cat "$tmp/list.err"; fail=1; fi
fi

# A broken profile: a bad selector on line 6 of the file.
cat >"$tmp/broken.toml" <<'TOML'
id = "broken"
hosts = ["x.test"]
item_url_pattern = '^/item/(\d+)'

[[fields.title]]
selector = "h1 >"
TOML
set +e
"$shouhu" extract --site "$tmp/broken.toml" --html "$root/tests/testdata/sites/tiantu/item_6012345678.html" \
  --url "http://x.test/item/1" >/dev/null 2>"$tmp/broken.err"
rc=$?
set -e
if [[ $rc -eq 2 ]] && grep -q "broken.toml:6: key 'fields.title\[0\].selector'" "$tmp/broken.err"; then
  echo "ok   broken profile: exit 2, $(head -c 120 "$tmp/broken.err")"
else
  echo "FAIL broken profile: exit code $rc"; cat "$tmp/broken.err"; fail=1
fi

# `shouhu profile check`: the source of each field, the empty ones, the rows.
expect_in() {  # NAME FILE TEXT
  if grep -qF -- "$3" "$2"; then echo "ok   $1"; else echo "FAIL $1: no '$3' in"; cat "$2"; fail=1; fi
}
"$shouhu" profile check --site "$root/config/sites/tiantu.toml" \
  --html "$root/tests/testdata/sites/tiantu/item_6012345678.html" \
  --url "http://mall.tiantu.test/item/6012345678.html" >"$tmp/check.txt"
expect_in "profile check: source of title" "$tmp/check.txt" 'title  <- fields.title[0] line 37 jsonld "name"'
expect_in "profile check: empty field" "$tmp/check.txt" "none gave a value): safety_category"
expect_in "profile check: unmatched source" "$tmp/check.txt" 'fields.images[1] line 71 selector ".gallery img"'
expect_in "profile check: rows" "$tmp/check.txt" "attribute rows (9):"
"$shouhu" profile check --site "$root/config/sites/lanmao.toml" \
  --html "$root/tests/testdata/sites/lanmao/product_6034567890.htm" --suggest >"$tmp/suggest.txt"
expect_in "profile check --suggest (GBK page)" "$tmp/suggest.txt" \
  'table = { rows = "table.spec-table tr", key = "th", value = "td" }'
set +e
"$shouhu" profile check --site "$root/config/sites/lanmao.toml" \
  --html "$root/tests/testdata/sites/lanmao/product_6034567890.htm" >/dev/null 2>"$tmp/nourl.err"
rc=$?
set -e
if [[ $rc -eq 2 ]] && grep -q -- "--url" "$tmp/nourl.err"; then echo "ok   profile check needs --url"; else
  echo "FAIL profile check without --url: exit $rc"; cat "$tmp/nourl.err"; fail=1; fi

exit $fail
