namespace Deepthought.Fixtures.Reports;

/// <summary>
/// The report's inline stylesheet: readable on a phone (fluid width, tables scroll inside their box, long values wrap),
/// status colours with enough contrast for white text, and a dark scheme. Colour always comes with a symbol and a word.
/// </summary>
internal static class HtmlStyles
{
    public const string Css = """

        :root { --fg:#1f2328; --bg:#ffffff; --muted:#59636e; --line:#d1d9e0; --panel:#f6f8fa;
          --pass:#1a7f37; --warn:#9a6700; --fail:#cf222e; --skip:#59636e; --blocked:#8250df; --absent:#59636e; }
        @media (prefers-color-scheme: dark) {
          :root { --fg:#e6edf3; --bg:#0d1117; --muted:#9198a1; --line:#3d444d; --panel:#151b23; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0 auto; max-width: 72rem; padding: 1rem; color: var(--fg); background: var(--bg);
          font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: break-word; }
        h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
        h3 { font-size: 1.1rem; margin-top: 1.5rem; }
        h4 { font-size: 1rem; margin: 0 0 .25rem; }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--line);
          border-radius: 6px; padding: .5rem .75rem; margin: .25rem 0 .75rem; }
        pre.hint code { user-select: all; -webkit-user-select: all; }
        dl.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .25rem 1rem; margin: .5rem 0; }
        dl.meta div { display: flex; gap: .5rem; }
        dl.meta dt { font-weight: 600; color: var(--muted); flex: none; white-space: nowrap; }
        dl.meta dd { margin: 0; min-width: 0; }
        nav ul { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
        .overall { font-size: 1.1rem; padding: .5rem .75rem; border-radius: 6px; border-left: .5rem solid var(--skip); background: var(--panel); }
        .overall.v-pass { border-left-color: var(--pass); } .overall.v-fail { border-left-color: var(--fail); }
        .badge { display: inline-block; white-space: nowrap; color: #fff; border-radius: 1em; padding: 0 .6em; font-size: .85em; font-weight: 600; }
        .badge.v-pass { background: var(--pass); } .badge.v-warn { background: var(--warn); } .badge.v-fail { background: var(--fail); }
        .badge.v-skip { background: var(--skip); } .badge.v-blocked { background: var(--blocked); } .badge.v-absent { background: var(--absent); }
        .scroll { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; margin: .25rem 0 .75rem; min-width: 100%; }
        caption { text-align: left; font-weight: 600; padding: .25rem 0; }
        th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .3rem .5rem; }
        thead th { background: var(--panel); white-space: nowrap; }
        table.phases td, table.phases th { white-space: nowrap; }
        /* Tables keep whole words; a table wider than the screen scrolls inside its .scroll box, not the page. */
        td, th { min-width: 4rem; }
        article.check { border: 1px solid var(--line); border-left: .4rem solid var(--skip); border-radius: 6px; padding: .75rem; margin: .75rem 0; }
        article.v-pass { border-left-color: var(--pass); } article.v-warn { border-left-color: var(--warn); }
        article.v-fail { border-left-color: var(--fail); } article.v-blocked { border-left-color: var(--blocked); }
        .facts { color: var(--muted); margin: 0 0 .5rem; font-size: .9rem; }
        .reason { font-style: italic; }
        .hint-label { margin: .5rem 0 0; font-weight: 600; }
        details { margin: .5rem 0; } summary { cursor: pointer; font-weight: 600; }
        ul.changes li { margin: .25rem 0; }
        footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
        @media (max-width: 40rem) {
          body { padding: .5rem; }
          h1 { font-size: 1.3rem; }
          table.phases th, table.phases td { padding: .25rem .3rem; }
        }
        @media print { .scroll { overflow: visible; } details { display: block; } }

        """;
}
