/// The report's inline CSS and status badges.
enum ReportStyle {
    static let css = """
    body{font:14px/1.45 system-ui,sans-serif;color:#222;max-width:1280px;margin:0 auto;padding:1rem 1.5rem}
    h2{margin-top:2rem;border-bottom:1px solid #ddd}
    .meta{color:#666}
    .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(520px,100%),1fr));gap:1rem}
    figure{margin:0;border:1px solid #eee;border-radius:6px;padding:.25rem}
    .table-wrap{overflow-x:auto}
    table{border-collapse:collapse;margin:.5rem 0}
    th,td{padding:.3rem .6rem;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
    .num{text-align:right;font-variant-numeric:tabular-nums}
    .runs{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:1rem}
    .badge{display:inline-block;padding:0 .55em;border-radius:.8em;color:#fff;background:#7f7f7f;font-size:.85em}
    .status-finished{background:#2ca02c}.status-running{background:#1f77b4}.status-diverged{background:#d62728}
    .status-failed{background:#8c1c1c}.status-interrupted{background:#d9730d}.status-stopped-early{background:#9467bd}
    """

    /// A coloured `<span class="badge status-…">`; unknown statuses get the grey base style.
    static func badge(_ status: String) -> String {
        let slug = String(status.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || $0 == "-" })
        return #"<span class="badge status-\#(slug)">\#(status.xmlEscaped)</span>"#
    }
}
