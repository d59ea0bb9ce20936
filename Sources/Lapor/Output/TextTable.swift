import Foundation

/// Plain-text and JSON output shared by the reports of the library and the CLI.
public enum TextTable {
    /// Rows as aligned text columns: the columns in `left` left-aligned, the others right-aligned;
    /// trailing spaces trimmed.
    public static func align(_ rows: [[String]], left: Set<Int> = [0]) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = Array(repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                left.contains(index)
                    ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// `value` as pretty-printed JSON with sorted keys and a final newline.
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }

    /// `part` as a percentage of `whole` with one decimal, e.g. `12.5%` (`-` when `whole` is 0).
    public static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "-" : String(format: "%.1f%%", 100 * Double(part) / Double(whole))
    }
}
