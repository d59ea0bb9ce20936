import Foundation
import Lapor

extension SimulationReport {
    /// `report.html`: the key figures and three SVG charts (backlog over time, breach % per unit with
    /// confidence intervals, cycle-time distribution), self-contained.
    public func html() -> String {
        let summary = outcome.summary
        var body = "<h1>Lapor simulation: \(escape(summary.scenario))</h1>\n"
        body += "<p>\(escape(headline))</p>\n"
        if let description = outcome.model.scenario.metadata.description {
            body += "<p class=\"description\">\(escape(description))</p>\n"
        }
        body += "<h2>Backlog over time</h2>\n" + backlogChart()
        body += "<h2>Breach % per unit (SLA \(escape(summary.sla)))</h2>\n" + breachChart()
        body += "<h2>Cycle time, arrival to close (replication 1)</h2>\n" + cycleChart()
        body += "<h2>Key figures</h2>\n" + table()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Lapor simulation: \(escape(summary.scenario))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1000px; color: #222; }
            table { border-collapse: collapse; font-size: 0.85rem; }
            th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            svg { background: #fafafa; border: 1px solid #eee; }
            .description { color: #555; }
            </style></head><body>
            \(body)</body></html>

            """
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static let palette = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    private func backlogChart() -> String {
        let summary = outcome.summary
        let width = 900.0
        let height = 320.0
        let left = 50.0
        let bottom = 30.0
        let total = summary.totalBacklog
        guard total.count > 1, let top = total.max(), top > 0 else { return "<p>No backlog.</p>\n" }
        let units = summary.backlog.sorted { ($0.value.max() ?? 0) > ($1.value.max() ?? 0) }.prefix(6)
        func x(_ day: Int) -> Double { left + (width - left - 10) * Double(day) / Double(total.count - 1) }
        func y(_ value: Double) -> Double { height - bottom - (height - bottom - 10) * value / top }
        func path(_ series: [Double]) -> String {
            series.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(format(x($0.offset))),\(format(y($0.element)))" }
                .joined(separator: " ")
        }
        var svg =
            "<svg width=\"\(Int(width))\" height=\"\(Int(height + 20 * Double(units.count + 1)))\" role=\"img\">\n"
        svg += axis(width: width, height: height, left: left, bottom: bottom, top: top)
        svg += "<path d=\"\(path(total))\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"/>\n"
        for (index, unit) in units.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            svg += "<path d=\"\(path(unit.value))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
        }
        if let cutover = outcome.model.scenario.cutover,
            let day = summary.days.firstIndex(of: cutover.on.value)
        {
            svg +=
                "<line x1=\"\(format(x(day)))\" x2=\"\(format(x(day)))\" y1=\"10\" y2=\"\(format(height - bottom))\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"\(format(x(day) + 4))\" y=\"22\" font-size=\"11\">cut-over \(cutover.on.value)</text>\n"
        }
        for (index, day) in summary.days.enumerated() where day.day == 1 {
            svg +=
                "<text x=\"\(format(x(index)))\" y=\"\(format(height - 12))\" font-size=\"10\" text-anchor=\"middle\">\(day.description.prefix(7))</text>\n"
        }
        var legendY = height + 14
        svg += "<text x=\"\(left)\" y=\"\(format(legendY))\" font-size=\"11\">━ all open tickets</text>\n"
        for (index, unit) in units.enumerated() {
            legendY += 20
            let color = Self.palette[index % Self.palette.count]
            svg +=
                "<text x=\"\(left)\" y=\"\(format(legendY))\" font-size=\"11\" fill=\"\(color)\">━ \(escape(unit.key))</text>\n"
        }
        return svg + "</svg>\n"
    }

    private func axis(width: Double, height: Double, left: Double, bottom: Double, top: Double) -> String {
        var svg =
            "<line x1=\"\(left)\" y1=\"\(format(height - bottom))\" x2=\"\(format(width - 10))\" y2=\"\(format(height - bottom))\" stroke=\"#888\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"10\" x2=\"\(left)\" y2=\"\(format(height - bottom))\" stroke=\"#888\"/>\n"
        for step in 0...4 {
            let value = top * Double(step) / 4
            let y = height - bottom - (height - bottom - 10) * Double(step) / 4
            svg +=
                "<text x=\"\(format(left - 6))\" y=\"\(format(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(Int(value.rounded()))</text>\n"
        }
        return svg
    }

    private func breachChart() -> String {
        let summary = outcome.summary
        let units = summary.orderedGroups.filter { $0.kind == .unit }
        guard !units.isEmpty else { return "<p>No units.</p>\n" }
        let rowHeight = 24.0
        let left = 220.0
        let width = 900.0
        let scale = (width - left - 60) / 100
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(rowHeight * Double(units.count) + 30))\" role=\"img\">\n"
        for (index, key) in units.enumerated() {
            let estimate = summary.groups[key]?[.breached] ?? Estimate([])
            let y = 10 + rowHeight * Double(index)
            svg +=
                "<text x=\"\(format(left - 8))\" y=\"\(format(y + 15))\" font-size=\"11\" text-anchor=\"end\">\(escape(key.name))</text>\n"
            svg +=
                "<rect x=\"\(left)\" y=\"\(format(y + 4))\" width=\"\(format(max(0.5, estimate.mean * scale)))\" height=\"14\" fill=\"#d62728\" opacity=\"0.75\"/>\n"
            if estimate.halfWidth > 0 {
                let low = max(0, estimate.mean - estimate.halfWidth) * scale + left
                let high = min(100, estimate.mean + estimate.halfWidth) * scale + left
                svg +=
                    "<line x1=\"\(format(low))\" x2=\"\(format(high))\" y1=\"\(format(y + 11))\" y2=\"\(format(y + 11))\" stroke=\"#222\"/>\n"
            }
            svg +=
                "<text x=\"\(format(left + estimate.mean * scale + 6))\" y=\"\(format(y + 15))\" font-size=\"11\">\(SimulationReport.number(estimate.mean, 1))%</text>\n"
        }
        return svg + "</svg>\n"
    }

    private func cycleChart() -> String {
        let day = outcome.model.scenario.clock == .continuous ? 86_400.0 : 27_000.0
        let cycles = (outcome.results.first?.tickets ?? []).compactMap(\.cycleWorkingSeconds).map { Double($0) / day }
        guard let longest = cycles.max(), longest > 0 else { return "<p>No closed tickets.</p>\n" }
        let binCount = 30
        let binWidth = max(longest / Double(binCount), 0.1)
        var bins = Array(repeating: 0, count: binCount + 1)
        for cycle in cycles { bins[min(binCount, Int(cycle / binWidth))] += 1 }
        let top = Double(bins.max() ?? 1)
        let width = 900.0
        let height = 260.0
        let left = 50.0
        let bottom = 30.0
        let barWidth = (width - left - 10) / Double(bins.count)
        var svg = "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">\n"
        svg += axis(width: width, height: height, left: left, bottom: bottom, top: top)
        for (index, count) in bins.enumerated() where count > 0 {
            let barHeight = (height - bottom - 10) * Double(count) / top
            svg +=
                "<rect x=\"\(format(left + barWidth * Double(index)))\" y=\"\(format(height - bottom - barHeight))\" width=\"\(format(barWidth - 1))\" height=\"\(format(barHeight))\" fill=\"#1f77b4\"/>\n"
        }
        for index in stride(from: 0, through: bins.count, by: 5) {
            svg +=
                "<text x=\"\(format(left + barWidth * Double(index)))\" y=\"\(format(height - 12))\" font-size=\"10\" text-anchor=\"middle\">\(SimulationReport.number(binWidth * Double(index), 1))</text>\n"
        }
        let unit = outcome.model.scenario.clock == .continuous ? "days" : "working days"
        svg +=
            "<text x=\"\(format(width - 12))\" y=\"\(format(height - 2))\" font-size=\"10\" text-anchor=\"end\">\(unit)</text>\n"
        return svg + "</svg>\n"
    }

    private func table() -> String {
        let summary = outcome.summary
        var html = "<table>\n<tr><th>group</th>"
        html += Self.tableMetrics.map { "<th>\(escape($0.title))</th>" }.joined() + "</tr>\n"
        for key in summary.orderedGroups {
            let values = summary.groups[key] ?? [:]
            html += "<tr><td>\(escape(key.description))</td>"
            for metric in Self.tableMetrics {
                let text: String
                if let estimate = values[metric], estimate.count > 0 {
                    let digits = metric == .arrivals ? 0 : 1
                    text =
                        estimate.halfWidth > 0
                        ? "\(SimulationReport.number(estimate.mean, digits)) ± \(SimulationReport.number(estimate.halfWidth, digits))"
                        : SimulationReport.number(estimate.mean, digits)
                } else {
                    text = "-"
                }
                html += "<td>\(text)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
