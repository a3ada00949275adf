/**
 * The page's stylesheet, served as /assets/app.css. It lives in a TypeScript string so the
 * compiled build needs no step that copies asset files. Colours keep a contrast ratio of at
 * least 4.5:1 against their background (WCAG AA), and every control shows a visible focus ring.
 */
export const STYLES = `
:root {
  --text: #1b1f24;
  --muted: #4a5360;
  --bg: #f6f7f9;
  --card: #ffffff;
  --line: #c9ced6;
  --accent: #1f4fbf;
  --accent-text: #ffffff;
  --ok: #156332;
  --ok-bg: #e3f4e8;
  --warn: #7a4b00;
  --warn-bg: #fff2d6;
  --bad: #a3141f;
  --bad-bg: #fde6e8;
  --focus: #f2b600;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 16px;
  line-height: 1.5;
  color: var(--text);
  background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; }
.skip:focus { left: .5rem; z-index: 10; }
header.top { background: #14213d; color: #fff; padding: .75rem 1rem; }
header.top .bar { max-width: 72rem; margin: 0 auto; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
header.top .brand { font-weight: 700; color: #fff; text-decoration: none; margin-right: auto; }
header.top nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0; }
header.top nav a { color: #fff; text-decoration: none; padding: .35rem .6rem; border-radius: .35rem; display: inline-block; }
header.top nav a[aria-current="page"] { background: #fff; color: #14213d; font-weight: 600; }
header.top nav a:hover { text-decoration: underline; }
header.top .logout { background: transparent; color: #fff; border: 1px solid #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
main.narrow { max-width: 30rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 0 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
p.lead { color: var(--muted); margin-top: -.5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
.card > h2:first-child, .card > h3:first-child, .card > .alert:first-child + h2, .card > .alert:first-child + h3 { margin-top: 0; }
.checklist .badge { min-width: 6.5rem; text-align: center; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.hint { color: var(--muted); font-size: .9rem; margin: .25rem 0; }
input[type="text"], input[type="password"], input[type="number"], input[type="url"], select, textarea {
  width: 100%; font: inherit; padding: .5rem .6rem; border: 1px solid #6b7380; border-radius: .35rem; background: #fff; color: var(--text);
}
input[readonly] { background: #eef0f3; }
input:disabled, select:disabled, textarea:disabled { background: #eef0f3; color: var(--muted); }
textarea { min-height: 8rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85rem; }
button, .button {
  font: inherit; font-weight: 600; cursor: pointer; border-radius: .35rem; padding: .5rem .9rem; border: 1px solid var(--accent);
  background: var(--accent); color: var(--accent-text); text-decoration: none; display: inline-block; min-height: 2.5rem;
}
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
button:disabled { opacity: .6; cursor: not-allowed; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1rem; align-items: center; }
.inline { display: flex; gap: .5rem; align-items: stretch; }
.inline > input { flex: 1; min-width: 0; }
.badge { display: inline-block; font-size: .85rem; font-weight: 600; padding: .1rem .5rem; border-radius: 1rem; border: 1px solid currentColor; }
.badge.ok { color: var(--ok); background: var(--ok-bg); }
.badge.warn { color: var(--warn); background: var(--warn-bg); }
.badge.bad { color: var(--bad); background: var(--bad-bg); }
.badge.neutral { color: var(--muted); background: #eef0f3; }
.alert { border-radius: .35rem; padding: .6rem .8rem; margin: .75rem 0; }
.alert:empty { display: none; }
.alert.error { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); }
.alert.info { background: #e6eefc; color: #1b3d8f; border: 1px solid #1b3d8f; }
.alert.success { background: var(--ok-bg); color: var(--ok); border: 1px solid var(--ok); }
.steps { padding-left: 1.25rem; }
.steps li { margin: .35rem 0; }
.checklist { list-style: none; padding: 0; margin: 0; }
.checklist li { display: flex; gap: .75rem; align-items: flex-start; padding: .75rem 0; border-top: 1px solid var(--line); }
.checklist li:first-child { border-top: 0; }
.checklist .what { flex: 1; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; overflow-wrap: anywhere; }
pre { background: #eef0f3; padding: .75rem; border-radius: .35rem; overflow-x: auto; font-size: .8rem; max-height: 20rem; }
.user-code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: clamp(2rem, 9vw, 3.25rem); font-weight: 700; letter-spacing: .15em; margin: .5rem 0; overflow-wrap: anywhere; }
.qr { width: 12rem; height: 12rem; image-rendering: pixelated; border: 1px solid var(--line); background: #fff; }
.device { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: center; }
.users { list-style: none; padding: 0; margin: .25rem 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.users li { display: inline-flex; gap: .35rem; align-items: center; background: #eef0f3; border-radius: 1rem; padding: .15rem .25rem .15rem .7rem; }
.users li button { min-height: 2rem; padding: .1rem .5rem; }
.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; margin: .35rem 0; }
.check input { width: 1.25rem; height: 1.25rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1rem; padding: .5rem 1rem 1rem; }
legend { font-weight: 700; padding: 0 .35rem; }
.origin { font-size: .85rem; color: var(--muted); }
details summary { cursor: pointer; font-weight: 600; padding: .25rem 0; }
footer { max-width: 72rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .85rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  .inline { flex-direction: column; }
  th, td { padding: .4rem .3rem; }
}
`
