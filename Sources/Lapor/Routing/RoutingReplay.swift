import Foundation

/// Historical tickets routed again with two routing tables: how many would move from which unit to which.
///
/// Reads a store export (`lapor store export`, JSON Lines: the `opened` event of each ticket carries its
/// category, labels, channel and region) or a simulator `tickets.csv` (`lapor simulate --out`), one line
/// at a time; only the counts are kept, so memory does not grow with the file. A line that cannot be
/// read stops the replay with a diagnostic at its line.
public struct RoutingReplay: Sendable {
    /// The kinds of files a replay reads.
    public enum Format: String, Sendable, Hashable {
        /// `lapor store export` JSON Lines.
        case storeExport = "store export"
        /// `tickets.csv` of `lapor simulate --out`.
        case ticketsCSV = "tickets.csv"
    }

    /// Tickets of one category that go from one destination to another (the same for unchanged ones).
    public struct Move: Hashable, Sendable {
        /// The tickets' category.
        public var category: String
        /// The old table's destination (`nil`: no rule routes them).
        public var from: RouteDestination?
        /// The new table's destination.
        public var to: RouteDestination?
    }

    /// Tickets moving from one destination to another, over all categories.
    public struct Flow: Hashable, Sendable {
        /// The old destination.
        public var from: RouteDestination?
        /// The new destination.
        public var to: RouteDestination?
        /// Tickets.
        public var tickets: Int
        /// Tickets per category, most first.
        public var categories: [CategoryCount]
    }

    /// Tickets of one category.
    public struct CategoryCount: Hashable, Sendable {
        /// The category.
        public var category: String
        /// Tickets.
        public var tickets: Int
    }

    /// A unit's tickets under each table.
    public struct Load: Hashable, Sendable {
        /// The unit (`(no route)` for tickets no rule routes).
        public var unit: String
        /// Tickets the old table sends it.
        public var old: Int
        /// Tickets the new table sends it.
        public var new: Int
    }

    private let oldRouter: Router
    private let newRouter: Router
    /// The workflows whose tickets are replayed; `nil` for every ticket.
    public let workflows: Set<String>?
    private let knownCategories: Set<String>?
    /// The file's format, once its first line has been read.
    public private(set) var format: Format?
    /// Tickets per (category, old destination, new destination).
    public private(set) var moves: [Move: Int] = [:]
    /// Tickets of other workflows, per workflow, not replayed.
    public private(set) var skipped: [String: Int] = [:]
    /// Replayed tickets whose category no catalog of the tables declares.
    public private(set) var unknownCategory = 0
    /// Exports only: tickets whose recorded routing (the `routed` event of the open) is where the old
    /// table sends them.
    public private(set) var recordedAgrees = 0
    /// Exports only: tickets whose recorded routing differs from the old table's (another table was in
    /// force then, or a person chose the unit).
    public private(set) var recordedDiffers = 0
    /// `tickets.csv` only: the routing columns the file lacks (`channel`, `region`); rules conditioned
    /// on them then see tickets without a channel or region.
    public private(set) var missingColumns: [String] = []

    private var csvColumns: CSVColumns?
    private var pending: (ticket: String, sequence: Int, old: RouteDestination?)?

    /// A replay comparing `old` with `new`.
    ///
    /// - Parameters:
    ///   - workflows: replay only tickets of these workflows (by name); `nil` for every ticket.
    ///   - catalogs: the category catalogs of the tables, to count tickets of unknown categories.
    public init(old: RoutingTable, new: RoutingTable, workflows: Set<String>?, catalogs: [CategoryCatalog] = []) {
        oldRouter = Router(table: old)
        newRouter = Router(table: new)
        self.workflows = workflows
        knownCategories = catalogs.isEmpty ? nil : Set(catalogs.flatMap { $0.categories.map(\.id.value) })
    }

    // MARK: Counting

    /// Routes one ticket with both tables and counts it (or counts it as skipped if its workflow is
    /// not replayed). Returns the old table's destination, `nil` for a skipped ticket or no route.
    @discardableResult
    public mutating func add(_ input: RoutingInput, workflow: String?) -> RouteDestination? {
        if let workflows, let workflow, !workflows.contains(workflow) {
            skipped[workflow, default: 0] += 1
            return nil
        }
        let from = (try? oldRouter.route(input).get()).map(RouteDestination.init)
        let to = (try? newRouter.route(input).get()).map(RouteDestination.init)
        moves[Move(category: input.category, from: from, to: to), default: 0] += 1
        if let knownCategories, !knownCategories.contains(input.category) { unknownCategory += 1 }
        return from
    }

    /// Tickets replayed.
    public var replayed: Int { moves.values.reduce(0, +) }
    /// Replayed tickets whose destination stays.
    public var unchanged: Int { moves.filter { $0.key.from == $0.key.to }.values.reduce(0, +) }
    /// Replayed tickets whose destination changes.
    public var moved: Int { replayed - unchanged }

    /// The moves (destination changes only), most tickets first, then by destinations.
    public var flows: [Flow] {
        var byPair: [Pair: [String: Int]] = [:]
        for (move, count) in moves where move.from != move.to {
            byPair[Pair(from: move.from, to: move.to), default: [:]][move.category, default: 0] += count
        }
        return byPair.map { pair, categories in
            Flow(
                from: pair.from, to: pair.to, tickets: categories.values.reduce(0, +),
                categories: categories.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                    CategoryCount(category: $0.key, tickets: $0.value)
                })
        }.sorted { lhs, rhs in
            if lhs.tickets != rhs.tickets { return lhs.tickets > rhs.tickets }
            return (Self.name(lhs.from), Self.name(lhs.to)) < (Self.name(rhs.from), Self.name(rhs.to))
        }
    }

    /// Tickets per unit under each table, for every unit either table sends tickets to, by unit.
    public var loads: [Load] {
        var old: [String: Int] = [:]
        var new: [String: Int] = [:]
        for (move, count) in moves {
            old[Self.unit(move.from), default: 0] += count
            new[Self.unit(move.to), default: 0] += count
        }
        return Set(old.keys).union(new.keys).sorted().map { Load(unit: $0, old: old[$0] ?? 0, new: new[$0] ?? 0) }
    }

    private struct Pair: Hashable {
        var from: RouteDestination?
        var to: RouteDestination?
    }

    static func name(_ destination: RouteDestination?) -> String { destination?.description ?? "(no route)" }
    static func unit(_ destination: RouteDestination?) -> String { destination?.unit ?? "(no route)" }

    // MARK: Reading

    /// Reads every line of `lines` (the lines of `file`, without newlines), detecting the format from the
    /// first non-empty line: a JSON object is a store export, anything else the header of a `tickets.csv`.
    ///
    /// - Throws: `LAP522` at the first line that cannot be read.
    public mutating func read(lines: some Sequence<String>, file: String) throws(Diagnostic) {
        for (index, line) in lines.enumerated() {
            try read(line: line, number: index + 1, file: file)
        }
        if format == nil { throw Diagnostic.invalidReplayLine(file, line: 1, "the file is empty") }
    }

    /// Reads line `number` of `file`.
    public mutating func read(line: String, number: Int, file: String) throws(Diagnostic) {
        let line = line.hasSuffix("\r") ? String(line.dropLast()) : line
        if line.trimmingCharacters(in: .whitespaces).isEmpty { return }
        if format == nil {
            let exportLine = line.first == "{" || (number == 1 && line.hasPrefix("\u{FEFF}{"))
            format = exportLine ? .storeExport : .ticketsCSV
            if format == .ticketsCSV {
                try header(line.hasPrefix("\u{FEFF}") ? String(line.dropFirst()) : line, number: number, file: file)
                return
            }
        }
        do throws(ReplayProblem) {
            switch format {
            case .storeExport: try exportLine(line.hasPrefix("\u{FEFF}") ? String(line.dropFirst()) : line)
            case .ticketsCSV: try csvLine(line)
            case nil: break
            }
        } catch {
            throw .invalidReplayLine(file, line: number, error.message)
        }
    }

    struct ReplayProblem: Error {
        var message: String
    }

    // MARK: Store export

    private mutating func exportLine(_ line: String) throws(ReplayProblem) {
        let event: Event?
        if let canonical = Self.canonicalEvent(line) {
            event = canonical
        } else {
            do {
                event = try JSONDecoder().decode(ExportLine.self, from: Data(line.utf8)).event
            } catch let error as DecodingError {
                throw ReplayProblem(message: "not a line of a store export (\(Self.describe(error)))")
            } catch {
                throw ReplayProblem(message: "not a line of a store export (\(error))")
            }
        }
        guard let event else {
            pending = nil
            return
        }
        switch event.payload {
        case .opened(let opened):
            let input = RoutingInput(
                category: opened.category, labels: opened.labels, channel: opened.channel, region: opened.region)
            let replayed = workflows.map { set in set.contains(opened.workflow) } ?? true
            let from = add(input, workflow: opened.workflow)
            pending = replayed ? (event.ticket, event.sequence, from) : nil
        case .routed(let routed):
            // The router's decision at the open comes right after the `opened` event of the same command.
            if let open = pending, open.ticket == event.ticket, open.sequence + 1 == event.sequence {
                let recorded = Disposition(rawValue: routed.disposition).map {
                    RouteDestination(unit: routed.unit, disposition: $0)
                }
                if recorded == open.old { recordedAgrees += 1 } else { recordedDiffers += 1 }
            }
            pending = nil
        default:
            pending = nil
        }
    }

    /// An export line: a definition (nothing to replay) or an event.
    private struct ExportLine: Decodable {
        var event: Event?

        enum CodingKeys: String, CodingKey { case kind, event }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try container.decode(String.self, forKey: .kind)
            switch kind {
            case "event": event = try container.decode(Event.self, forKey: .event)
            case "definition": event = nil
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: container, debugDescription: "unknown kind '\(kind)'")
            }
        }
    }

    /// The event of an export line laid out as `lapor store export` writes it; `nil` for any other line.
    private static func canonicalEvent(_ line: String) -> Event? {
        var line = line
        return line.withUTF8 { utf8 -> Event? in
            var reader = CanonicalJSONReader(utf8)
            do throws(CanonicalJSONReader.Mismatch) {
                try reader.beginObject()
                if reader.has("command_id") { _ = try reader.optionalString() }
                try reader.key("definition")
                _ = try reader.string()
                try reader.key("event")
                let event = try reader.event()
                try reader.key("kind")
                guard try reader.string() == "event" else { return nil }
                try reader.key("recorded_at")
                _ = try reader.string()
                try reader.endObject()
                try reader.end()
                return event
            } catch {
                return nil
            }
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "not valid JSON" : "\(path): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "'\(path)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(path)' has the wrong type"
        @unknown default:
            return "\(error)"
        }
    }

    // MARK: tickets.csv

    private struct CSVColumns {
        var count: Int
        var category: Int
        var labels: Int
        var channel: Int?
        var region: Int?
        var workflow: Int?
    }

    private mutating func header(_ line: String, number: Int, file: String) throws(Diagnostic) {
        let names: [String]
        do throws(ReplayProblem) {
            names = try Self.fields(line)
        } catch {
            throw .invalidReplayLine(file, line: number, error.message)
        }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }
        guard let category = column("category"), let labels = column("labels") else {
            throw .invalidReplayLine(
                file, line: number,
                "neither a store export (JSON Lines) nor a tickets.csv header with 'category' and 'labels' columns")
        }
        csvColumns = CSVColumns(
            count: names.count, category: category, labels: labels, channel: column("channel"),
            region: column("region"), workflow: column("workflow"))
        missingColumns = ["channel", "region"].filter { column($0) == nil }
    }

    private mutating func csvLine(_ line: String) throws(ReplayProblem) {
        guard let columns = csvColumns else { return }
        let fields = try Self.fields(line)
        guard fields.count == columns.count else {
            throw ReplayProblem(message: "\(fields.count) fields where the header has \(columns.count)")
        }
        let category = fields[columns.category]
        guard !category.isEmpty else { throw ReplayProblem(message: "the category is empty") }
        func optional(_ index: Int?) -> String? {
            guard let index, !fields[index].isEmpty else { return nil }
            return fields[index]
        }
        let labels = fields[columns.labels].split(separator: ";").map(String.init)
        add(
            RoutingInput(
                category: category, labels: labels, channel: optional(columns.channel),
                region: optional(columns.region)),
            workflow: optional(columns.workflow))
    }

    /// The fields of one CSV line (RFC 4180 quoting; a field cannot span lines).
    static func fields(_ line: String) throws(ReplayProblem) -> [String] {
        if !line.utf8.contains(UInt8(ascii: "\"")) {
            return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        var fields: [String] = []
        var field = ""
        var quoted = false
        var atFieldStart = true
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else if next == "," {
                            quoted = false
                            fields.append(field)
                            field = ""
                            atFieldStart = true
                        } else {
                            throw ReplayProblem(message: "a quoted field is followed by '\(next)' instead of a comma")
                        }
                    } else {
                        quoted = false
                        atFieldStart = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\"" where atFieldStart && field.isEmpty:
                quoted = true
                atFieldStart = false
            case "\"":
                throw ReplayProblem(message: "a quote inside an unquoted field")
            default:
                field.append(character)
                atFieldStart = false
            }
        }
        if quoted { throw ReplayProblem(message: "a quoted field is not closed on its line") }
        fields.append(field)
        return fields
    }
}
