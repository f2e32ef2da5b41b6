import Foundation
import TesseraSDK

/// The report's only style sheet and script, inline. The Content-Security-Policy allows
/// exactly these two by their SHA-256 hashes, so nothing else can style or run — not an
/// inline handler, not a `<script>` smuggled in evidence, not a remote resource.
enum HTMLAssets {
    static let css = """
        :root{--ink:#1b1f24;--muted:#5b6470;--line:#d5dae1;--band:#cfe0f5;--bar:#1f4e8c;--alert:#b3261e;--high:#b3261e;--medium:#b86e00;--low:#2e6b30;--bg:#fff;--alt:#f5f7fa}
        *{box-sizing:border-box}
        html{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
        body{margin:0 auto;max-width:1400px;padding:16px 24px 48px}
        h1{font-size:1.6rem;margin:.2em 0}
        h2{font-size:1.25rem;border-bottom:2px solid var(--ink);padding-bottom:.2em;margin-top:2em}
        h3{font-size:1.05rem;margin:1.4em 0 .4em}
        h4{font-size:.95rem;margin:1em 0 .3em;color:var(--muted)}
        .meta,.note{color:var(--muted)}
        .note{font-size:.92rem}
        nav ol{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:.6em 0;list-style:none}
        a{color:#0b57d0}
        table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-size:.88rem}
        th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word;unicode-bidi:isolate}
        td.wrap,td.mono{overflow-wrap:anywhere}
        td.ip{white-space:nowrap}
        th{background:var(--alt);font-weight:600}
        tbody tr:nth-child(even){background:var(--alt)}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:.4em 0 1em}
        dl.facts dt{font-weight:600}
        dl.facts dd{margin:0;overflow-wrap:anywhere}
        .status{border-left:4px solid var(--medium);background:#fff7e6;padding:6px 10px;margin:.6em 0}
        article.finding{border:1px solid var(--line);border-left:6px solid var(--muted);padding:6px 10px;margin:8px 0;break-inside:avoid}
        article.finding.high{border-left-color:var(--high)}
        article.finding.medium{border-left-color:var(--medium)}
        article.finding.low{border-left-color:var(--low)}
        .sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:.8rem;font-weight:600;text-transform:uppercase}
        .sev.high{background:var(--high)}.sev.medium{background:var(--medium)}.sev.low{background:var(--low)}.sev.other{background:var(--muted)}
        article.interaction{border-top:1px solid var(--line);margin-top:1.4em}
        .triage{margin:.3em 0;padding:3px 8px;background:var(--alt);border-left:4px solid var(--muted)}
        .triage.confirmed{border-left-color:var(--high)}.triage.false-positive,.triage.benign{border-left-color:var(--low)}
        .triage.changed,.triage.needs-review{border-left-color:var(--medium)}
        .triage.none{background:none;border-left-color:transparent;padding:0;color:var(--muted)}
        .verdict{font-weight:600;text-transform:uppercase;font-size:.8rem;margin-right:6px}
        .tag{display:inline-block;padding:0 5px;border:1px solid var(--line);border-radius:8px;font-size:.8rem}
        q.comment{font-style:italic;overflow-wrap:anywhere}
        tr.unattributed td:first-child{box-shadow:inset 4px 0 0 var(--alert)}
        tr.high td:first-child{box-shadow:inset 4px 0 0 var(--high)}
        tr.medium td:first-child{box-shadow:inset 4px 0 0 var(--medium)}
        .controls{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end;margin:.6em 0;padding:8px;background:var(--alt);border:1px solid var(--line)}
        .controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
        .controls input,.controls select{font:inherit;padding:2px 4px;min-width:12em}
        figure{margin:0}
        svg.timeline{width:100%;height:auto;border:1px solid var(--line);background:#fff}
        svg .band{fill:var(--band)}
        svg .bar{fill:var(--bar)}
        svg .bar.alert{fill:var(--alert)}
        svg .lane-bg{fill:var(--alt)}
        svg text{font:11px system-ui,Arial,sans-serif;fill:var(--ink)}
        svg text.small{font-size:10px;fill:var(--muted)}
        svg .axis{stroke:var(--muted);stroke-width:1}
        .legend span{display:inline-block;margin-right:16px}
        .swatch{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px;border:1px solid var(--line)}
        .swatch.band{background:var(--band)}.swatch.bar{background:var(--bar)}.swatch.alert{background:var(--alert)}
        @media print{
          @page{size:A4 landscape;margin:10mm}
          html{font-size:10px}
          body{max-width:none;padding:0}
          .controls,nav{display:none}
          a{color:inherit;text-decoration:none}
          h2{break-after:avoid}
          tr,article.finding,figure{break-inside:avoid}
          tbody tr:nth-child(even){background:none}
        }
        """

    static let script = """
        (function () {
          'use strict';
          var holder = document.getElementById('tessera-events');
          var form = document.getElementById('filters');
          if (!holder || !form) { return; }
          var data = JSON.parse(holder.textContent);
          var text = document.getElementById('f-text');
          var category = document.getElementById('f-category');
          var severity = document.getElementById('f-severity');
          var interaction = document.getElementById('f-interaction');
          var count = document.getElementById('f-count');
          function apply() {
            var q = text.value.trim().toLowerCase();
            var shown = 0;
            for (var k = 0; k < data.length; k++) {
              var d = data[k];
              var row = document.getElementById('ev-' + d[0]);
              if (!row) { continue; }
              var ok = (!category.value || d[1] === category.value) &&
                (!severity.value || (severity.value === 'none' ? d[2] === '' : d[2] === severity.value)) &&
                (!interaction.value || d[3].indexOf(interaction.value) >= 0);
              if (ok && q) { ok = row.textContent.toLowerCase().indexOf(q) >= 0; }
              row.hidden = !ok;
              if (ok) { shown++; }
            }
            count.textContent = shown + ' of ' + data.length + ' listed events shown';
          }
          [text, category, severity, interaction].forEach(function (el) {
            el.addEventListener('input', apply);
            el.addEventListener('change', apply);
          });
          form.hidden = false;
          document.documentElement.setAttribute('data-report-script', 'ran');
          apply();
        })();
        """

    /// `sha256-<base64>` of a string's UTF-8 bytes, as CSP expects.
    static func cspHash(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return "'sha256-" + Data(hasher.finalize()).base64EncodedString() + "'"
    }

    /// The report's Content-Security-Policy: nothing loads or runs but the inline style and
    /// script above; images only as `data:` URLs; no base URL, no form submission.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src \(cspHash(css)); script-src \(cspHash(script)); img-src data:; base-uri 'none'; form-action 'none'"
    }
}
