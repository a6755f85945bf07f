// The console's static assets, compiled in: the browser may be offline and no
// CDN is ever asked for anything.
#ifndef SHOUHU_REVIEW_CONSOLE_ASSETS_H_
#define SHOUHU_REVIEW_CONSOLE_ASSETS_H_

#include <string_view>

namespace shouhu::review {

inline constexpr std::string_view kConsoleCss = R"css(
:root { --ink: #1d2430; --muted: #5b6576; --line: #d8dde6; --accent: #b3261e; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "Noto Sans SC", system-ui, sans-serif;
       color: var(--ink); background: var(--bg); }
header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em;
         background: #fff; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; color: var(--accent); }
header nav { display: flex; gap: 1em; flex: 1; }
header nav a { color: var(--ink); text-decoration: none; }
header .who { color: var(--muted); }
main { padding: 1em 1.2em; }
form.inline { display: inline; }
form.filters, section.login form { display: flex; gap: .8em; flex-wrap: wrap; align-items: end;
                                   margin: .5em 0 1em; }
section.login { max-width: 26em; margin: 3em auto; background: #fff; padding: 1.5em;
                border: 1px solid var(--line); }
section.login form { flex-direction: column; align-items: stretch; }
label { display: flex; flex-direction: column; gap: .2em; color: var(--muted); }
input, select, button { font: inherit; padding: .35em .5em; border: 1px solid var(--line); }
button { background: var(--ink); color: #fff; border: 0; cursor: pointer; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: .4em .6em; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.title { max-width: 28em; overflow-wrap: anywhere; }
td.sev-high { color: var(--accent); font-weight: 700; }
.error { color: var(--accent); }
.count { color: var(--muted); }
@media print { header nav, header form, form.filters { display: none; } }
)css";

}  // namespace shouhu::review

#endif  // SHOUHU_REVIEW_CONSOLE_ASSETS_H_
