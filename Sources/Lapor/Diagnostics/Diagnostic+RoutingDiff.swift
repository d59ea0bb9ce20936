// Messages of the diagnostics of routing what-ifs (`lapor routing diff`, LAP522–LAP524): a replayed
// file's lines are located at file:line, a routing-table file at the file.

extension Diagnostic {
    /// A line of a replayed store export or tickets.csv that cannot be read.
    public static func invalidReplayLine(_ file: String, line: Int, _ problem: String) -> Diagnostic {
        Diagnostic(
            .error, .invalidReplayLine, "line \(line) cannot be replayed: \(problem)",
            at: SourceLocation(file: file, line: line, column: 1),
            notes: [
                Note(
                    "give the output of `lapor store export` (JSON Lines) or the tickets.csv of `lapor simulate --out`")
            ])
    }

    /// A file given as a routing table that holds none, or several.
    public static func notOneRoutingTable(_ file: String, found: [String]) -> Diagnostic {
        let what =
            found.isEmpty
            ? "holds no RoutingTable document"
            : "holds \(found.count) RoutingTable documents (\(found.joined(separator: ", "))); give one per file"
        return Diagnostic(.error, .notOneRoutingTable, "'\(file)' \(what)", at: .file(file))
    }

    /// A routing what-if scenario whose workflows do not use the compared table.
    public static func scenarioWithoutRoutingTable(
        scenario: String, table: String, workflows: [String], at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .scenarioWithoutRoutingTable,
            "scenario '\(scenario)' runs no workflow routed by table '\(table)'; both runs would be the same",
            at: location,
            notes: [Note("its workflows: \(workflows.joined(separator: ", "))")])
    }
}
