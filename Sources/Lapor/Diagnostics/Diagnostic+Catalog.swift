// Every diagnostic message of Lapor is built here, so codes and wording live in one place.

extension Diagnostic {
    // MARK: Input and structure

    /// A file or directory cannot be read.
    public static func unreadableFile(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(.error, .unreadableFile, "cannot read '\(path)': \(reason)", at: .file(path))
    }

    /// A file is larger than the limit.
    public static func fileTooLarge(_ path: String, size: Int, limit: Int) -> Diagnostic {
        Diagnostic(
            .error, .fileTooLarge, "file is \(size) bytes, more than the limit of \(limit) bytes", at: .file(path))
    }

    /// A file is not UTF-8.
    public static func invalidEncoding(at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .invalidEncoding, "file is not valid UTF-8", at: location)
    }

    /// libyaml rejected the text.
    public static func yamlSyntax(_ problem: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, .yamlSyntax, "malformed YAML: \(problem)", at: location, notes: notes)
    }

    /// Too many nodes in one file.
    public static func tooManyNodes(limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .tooManyNodes, "file has more than \(limit) YAML nodes", at: location)
    }

    /// Nesting deeper than the limit.
    public static func tooDeep(limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .tooDeep, "collections nest deeper than \(limit) levels", at: location)
    }

    /// An anchor or alias.
    public static func aliasRefused(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .aliasRefused, "YAML anchors and aliases are not accepted in Lapor configs; write the value out",
            at: location)
    }

    /// A non-core explicit tag.
    public static func unsupportedTag(_ tag: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .unsupportedTag, "tag '\(tag)' is not accepted; remove it", at: location)
    }

    /// A file with no document, or an empty document.
    public static func emptyDocument(at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .emptyDocument, "document is empty; expected apiVersion, kind and metadata", at: location)
    }

    /// A workspace with no config files.
    public static func noConfigFiles(_ path: String) -> Diagnostic {
        Diagnostic(
            .error, .noConfigFiles, "no config files (*.yaml, *.yml) found", at: .file(path),
            notes: [.init("a workspace holds workflows/ and routing/ directories, or YAML files directly")])
    }

    /// Something that must be a mapping is not.
    public static func notAMapping(_ what: String, found: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .notAMapping, "\(what) must be a mapping, found \(found)", at: location)
    }

    /// `apiVersion` missing or wrong.
    public static func unsupportedAPIVersion(_ found: String?, at location: SourceLocation) -> Diagnostic {
        guard let found else {
            return Diagnostic(.error, .unsupportedAPIVersion, "missing 'apiVersion: lapor/v1'", at: location)
        }
        return Diagnostic(
            .error, .unsupportedAPIVersion, "unsupported apiVersion '\(found)'; expected 'lapor/v1'", at: location)
    }

    /// `kind` missing or unknown.
    public static func unknownKind(_ found: String?, at location: SourceLocation) -> Diagnostic {
        let kinds = DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let found else {
            return Diagnostic(.error, .unknownKind, "missing 'kind'; expected one of \(kinds)", at: location)
        }
        return Diagnostic(
            .error, .unknownKind, "unknown kind '\(found)'; expected one of \(kinds)", at: location,
            notes: suggestion(found, in: DocumentKind.allCases.map(\.rawValue)))
    }

    /// A key appears twice in one mapping.
    public static func duplicateKey(_ key: String, at location: SourceLocation, first: SourceLocation?)
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateKey, "duplicate key '\(key)'", at: location,
            notes: first.map { [.init("first occurrence is here", at: $0)] } ?? [])
    }

    /// A key the format does not define.
    public static func unknownKey(_ key: String, in what: String, allowed: [String], at location: SourceLocation)
        -> Diagnostic
    {
        var notes = suggestion(key, in: allowed)
        notes.append(.init("\(what) accepts: \(allowed.joined(separator: ", "))"))
        return Diagnostic(.error, .unknownKey, "unknown key '\(key)' in \(what)", at: location, notes: notes)
    }

    /// A required key is absent.
    public static func missingKey(_ key: String, in what: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .missingKey, "\(what) is missing required key '\(key)'", at: location)
    }

    /// A value of the wrong YAML type.
    public static func wrongType(_ what: String, expected: String, found: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(.error, .wrongType, "\(what) must be \(expected), found \(found)", at: location)
    }

    /// A value that is malformed for its field.
    public static func invalidValue(
        _ what: String, value: String, expected: String, at location: SourceLocation, suggestion: String? = nil
    ) -> Diagnostic {
        Diagnostic(
            .error, .invalidValue, "invalid \(what) '\(value)': expected \(expected)", at: location,
            notes: suggestion.map { [.init("did you mean '\($0)'?")] } ?? [])
    }

    /// Two documents of one kind share a name.
    public static func duplicateDocument(
        _ kind: DocumentKind, name: String, at location: SourceLocation, first: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .duplicateDocument, "\(kind.rawValue) '\(name)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A mapping key that is a mapping or sequence.
    public static func nonScalarKey(at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .nonScalarKey, "mapping keys must be plain scalars", at: location)
    }

    /// A reference to a document that does not exist.
    public static func unknownDocument(_ kind: DocumentKind, name: String, known: [String], at location: SourceLocation)
        -> Diagnostic
    {
        var notes = suggestion(name, in: known)
        if known.isEmpty { notes.append(.init("the workspace has no \(kind.rawValue) documents")) }
        return Diagnostic(
            .error, .unknownDocument, "unknown \(kind.rawValue) '\(name)'", at: location, notes: notes)
    }

    // MARK: Workflows

    /// A state id declared twice.
    public static func duplicateState(_ id: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .duplicateState, "state '\(id)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// No initial state.
    public static func noInitialState(_ workflow: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .noInitialState, "workflow '\(workflow)' has no initial state", at: location,
            notes: [.init("mark the state new tickets start in with 'initial: true'")])
    }

    /// More than one initial state.
    public static func multipleInitialStates(_ id: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .multipleInitialStates, "state '\(id)' is a second initial state", at: location,
            notes: [.init("the first initial state is here", at: first)])
    }

    /// No terminal state.
    public static func noTerminalState(_ workflow: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .noTerminalState, "workflow '\(workflow)' has no terminal state", at: location)
    }

    /// A reference to an undeclared state.
    public static func unknownState(_ id: String, known: [String], at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unknownState, "unknown state '\(id)'", at: location,
            notes: suggestion(id, in: known))
    }

    /// A state unreachable from the initial state.
    public static func unreachableState(_ id: String, initial: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unreachableState, "state '\(id)' cannot be reached from the initial state '\(initial)'",
            at: location)
    }

    /// A non-terminal state from which no terminal state can be reached.
    public static func deadEndState(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .deadEndState, "tickets in state '\(id)' can never be closed: no path leads to a terminal state",
            at: location)
    }

    /// A transition that leaves a terminal state.
    public static func transitionFromTerminal(_ id: String, event: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .transitionFromTerminal, "transition '\(event)' leaves terminal state '\(id)'", at: location,
            notes: [.init("closed tickets can only be reopened; declare a 'reopen' policy instead")])
    }

    /// A reference to an undeclared role.
    public static func unknownRole(_ id: String, known: [String], at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unknownRole, "unknown role '\(id)'", at: location,
            notes: suggestion(id, in: known))
    }

    /// Two transitions leave one state on one event.
    public static func ambiguousTransition(
        state: String, event: String, at location: SourceLocation, first: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .ambiguousTransition, "event '\(event)' already leaves state '\(state)'", at: location,
            notes: [.init("the other transition is here", at: first)])
    }

    /// A role declared twice.
    public static func duplicateRole(_ id: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .duplicateRole, "role '\(id)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A transition nobody may take.
    public static func transitionWithoutRole(event: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .transitionWithoutRole, "transition '\(event)' names no role in 'by'", at: location)
    }

    /// The initial state is terminal.
    public static func initialStateTerminal(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .initialStateTerminal, "initial state '\(id)' is also terminal", at: location)
    }

    // MARK: SLAs, reminders, escalations

    /// An SLA id declared twice.
    public static func duplicateSLA(_ id: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .duplicateSLA, "SLA '\(id)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A reference to an undeclared SLA.
    public static func unknownSLA(_ id: String, known: [String], at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unknownSLA, "unknown SLA '\(id)'", at: location,
            notes: suggestion(id, in: known))
    }

    /// An SLA whose start states are never entered.
    public static func slaNeverStarts(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .slaNeverStarts, "SLA '\(id)' never starts: none of its start states can be reached",
            at: location)
    }

    /// An SLA whose stop states cannot be reached once started.
    public static func slaNeverStops(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .slaNeverStops,
            "SLA '\(id)' never stops: none of its stop states can be reached from a start state",
            at: location)
    }

    /// A reminder after the deadline.
    public static func reminderAfterDeadline(
        _ point: String, sla: String, target: String, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .reminderAfterDeadline,
            "reminder at \(point) falls after the deadline of SLA '\(sla)' (\(target))", at: location,
            notes: [.init("use an escalation step with 'after_breach' for actions after the deadline")])
    }

    /// A reminder ladder out of order.
    public static func reminderLadderOrder(_ point: String, previous: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .reminderLadderOrder, "reminder at \(point) is not later than the one before it (\(previous))",
            at: location)
    }

    /// An escalation ladder out of order.
    public static func escalationLadderOrder(_ offset: String, previous: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .escalationLadderOrder,
            "escalation step after \(offset) is not later than the step before it (\(previous))", at: location)
    }

    /// A notification to nobody known.
    public static func unknownRecipient(_ id: String, known: [String], at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unknownRecipient,
            "unknown recipient '\(id)'; expected assigned_unit, unit_head, reporter or a declared role",
            at: location,
            notes: suggestion(id, in: known))
    }

    /// An escalation step missing its argument.
    public static func incompleteEscalationStep(
        _ action: EscalationAction, needs key: String, at location: SourceLocation
    )
        -> Diagnostic
    {
        Diagnostic(
            .error, .incompleteEscalationStep, "escalation action '\(action.rawValue)' needs '\(key)'", at: location)
    }

    // MARK: Routing

    /// A rule id declared twice.
    public static func duplicateRule(_ id: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .duplicateRule, "rule '\(id)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A reference to an undeclared category.
    public static func unknownCategory(_ id: String, catalog: String, known: [String], at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .unknownCategory, "unknown category '\(id)' (catalog '\(catalog)')", at: location,
            notes: suggestion(id, in: known))
    }

    /// A route to an undeclared unit.
    public static func unknownUnit(_ id: String, known: [String], at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unknownUnit, "unknown unit '\(id)'", at: location,
            notes: suggestion(id, in: known))
    }

    /// A rule no ticket can reach.
    public static func shadowedRule(
        _ id: String, by earlier: String, earlierAt: SourceLocation, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .shadowedRule, "rule '\(id)' is shadowed by rule '\(earlier)' (line \(earlierAt.line))",
            at: location,
            notes: [
                .init("every ticket this rule matches is already matched by '\(earlier)'", at: earlierAt),
                .init("move the more specific rule first, or narrow the earlier one"),
            ])
    }

    /// A category that no rule routes and no default catches.
    public static func uncoveredCategory(_ id: String, table: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .uncoveredCategory,
            "category '\(id)' is not routed by table '\(table)', which has no default rule", at: location)
    }

    /// A category that reaches only the default rule.
    public static func defaultOnlyCategory(
        _ id: String, table: String, defaultRule: String, at location: SourceLocation
    )
        -> Diagnostic
    {
        Diagnostic(
            .warning, .defaultOnlyCategory,
            "category '\(id)' has no rule in table '\(table)'; it reaches only the default rule '\(defaultRule)'",
            at: location)
    }

    /// A route to a retired unit.
    public static func retiredUnit(_ id: String, at location: SourceLocation, declared: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .retiredUnit, "unit '\(id)' is retired", at: location,
            notes: [.init("retired here", at: declared)])
    }

    /// A second default rule.
    public static func multipleDefaultRules(_ id: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .multipleDefaultRules, "rule '\(id)' is a second default rule", at: location,
            notes: [.init("the first default rule is here", at: first)])
    }

    /// A default rule with conditions.
    public static func defaultRuleWithConditions(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .malformedDefaultRule, "default rule '\(id)' must not have 'when' conditions", at: location)
    }

    /// A default rule followed by other rules.
    public static func defaultRuleNotLast(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .malformedDefaultRule, "default rule '\(id)' must be the last rule; rules after it never match",
            at: location)
    }

    /// A reference to an undeclared label.
    public static func unknownLabel(_ id: String, catalog: String, known: [String], at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .unknownLabel, "unknown label '\(id)' (catalog '\(catalog)')", at: location,
            notes: suggestion(id, in: known))
    }

    /// A reference to an undeclared channel.
    public static func unknownChannel(_ id: String, catalog: String, known: [String], at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .unknownChannel, "unknown channel '\(id)' (catalog '\(catalog)')", at: location,
            notes: suggestion(id, in: known))
    }

    /// A reference to an undeclared region.
    public static func unknownRegion(_ id: String, catalog: String, known: [String], at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .unknownRegion, "unknown region '\(id)' (catalog '\(catalog)')", at: location,
            notes: suggestion(id, in: known))
    }

    /// A "bukan wewenang" forward to a unit of the ministry.
    public static func forwardToInternalUnit(_ rule: String, unit: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .forwardToInternalUnit,
            "rule '\(rule)' forwards ('bukan wewenang') to internal unit '\(unit)'; a forward must go to external/...",
            at: location)
    }

    /// A rule without conditions not marked default.
    public static func catchAllRule(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .warning, .catchAllRule, "rule '\(id)' has no conditions and matches every ticket", at: location,
            notes: [.init("mark it 'default: true' if it is the fallback")])
    }

    // MARK: Catalogs

    /// A unit id declared twice.
    public static func duplicateUnit(_ id: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .duplicateUnit, "unit '\(id)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A catalog entry declared twice.
    public static func duplicateCatalogEntry(
        _ what: String, _ id: String, at location: SourceLocation, first: SourceLocation
    )
        -> Diagnostic
    {
        Diagnostic(
            .error, .duplicateCatalogEntry, "\(what) '\(id)' is declared twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A unit whose parent is unknown.
    public static func unknownParentUnit(_ id: String, parent: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .unknownParentUnit, "parent unit '\(parent)' of '\(id)' does not exist", at: location)
    }

    /// A unit whose parent chain loops.
    public static func unitParentCycle(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .unknownParentUnit, "the parents of unit '\(id)' form a cycle", at: location)
    }

    /// An internal unit under an external one, or the reverse.
    public static func unitKindMismatch(_ id: String, parent: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .unitKindMismatch,
            "unit '\(id)' and its parent '\(parent)' must both be internal or both be external/...", at: location)
    }

    // MARK: Calendars

    /// A date outside the calendar's year or a period.
    public static func dateOutsideYear(_ date: LocalDate, year: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .dateOutsideYear, "date \(date) is outside the calendar year \(year)", at: location)
    }

    /// A period that ends before it starts.
    public static func invertedPeriod(_ from: LocalDate, _ until: LocalDate, at location: SourceLocation) -> Diagnostic
    {
        Diagnostic(.error, .dateOutsideYear, "period ends (\(until)) before it starts (\(from))", at: location)
    }

    /// A date listed twice.
    public static func duplicateDate(_ date: LocalDate, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .warning, .duplicateDate, "date \(date) is listed twice", at: location,
            notes: [.init("first listed here", at: first)])
    }

    /// Working hours that make no sense.
    public static func invalidWorkingHours(_ problem: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .invalidWorkingHours, "invalid working hours: \(problem)", at: location)
    }

    /// A calendar year declared twice.
    public static func duplicateCalendarYear(
        _ calendar: String, year: Int, at location: SourceLocation, first: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .duplicateCalendarYear, "calendar '\(calendar)' declares year \(year) twice", at: location,
            notes: [.init("first declared here", at: first)])
    }

    /// A calendar lacking a year a workflow runs in.
    public static func calendarYearMissing(
        _ calendar: String, year: Int, workflow: String, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            .error, .calendarYearMissing,
            "calendar '\(calendar)' has no year \(year), which workflow '\(workflow)' runs in", at: location,
            notes: [.init("add a Calendar document for \(year) with its holidays and cuti bersama")])
    }

    /// An unknown time zone.
    public static func unknownTimeZone(_ id: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .unknownTimeZone, "unknown time zone '\(id)'", at: location)
    }

    /// A cuti bersama day on a non-working weekday.
    public static func leaveOnNonWorkingDay(_ date: LocalDate, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .warning, .leaveOnNonWorkingDay,
            "cuti bersama on \(date) falls on a \(date.weekday.rawValue), which is not a working day", at: location)
    }

    /// Years of one calendar that disagree.
    public static func inconsistentCalendar(
        _ calendar: String, what: String, at location: SourceLocation, first: SourceLocation
    )
        -> Diagnostic
    {
        Diagnostic(
            .error, .inconsistentCalendar, "years of calendar '\(calendar)' disagree on \(what)", at: location,
            notes: [.init("another year declares it here", at: first)])
    }
}

extension Diagnostic {
    // MARK: Run time

    /// A computation reached a year the calendar does not declare.
    public static func calendarYearNotCovered(_ calendar: String, year: Int, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            .error, .calendarYearNotCovered,
            "calendar '\(calendar)' has no year \(year); working time cannot be counted there", at: location,
            notes: [.init("add a Calendar document for \(year); Lapor never guesses holidays")])
    }

    /// An instant that does not parse.
    public static func malformedInstant(_ text: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .malformedInstant,
            "invalid instant '\(text)': expected ISO 8601 with an offset, e.g. 2025-03-20T10:00+07:00", at: location)
    }

    /// A negative duration.
    public static func negativeDuration(_ text: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, .negativeDuration, "duration '\(text)' is negative", at: location)
    }
}

extension Diagnostic {
    /// A ticket whose category the catalog does not know.
    public static func unknownCategoryRouted(_ id: String, table: String, known: [String]) -> Diagnostic {
        Diagnostic(
            .warning, .unknownCategoryRouted,
            "category '\(id)' is not in the catalog of table '\(table)'; only rules without a category apply",
            at: .file(table),
            notes: suggestion(id, in: known))
    }

    /// A ticket no rule routes.
    public static func noRoute(table: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error, .noRoute, "no rule of table '\(table)' matches the ticket and the table has no default rule",
            at: location)
    }
}

extension Diagnostic {
    /// A "did you mean" note for the candidate closest to `word`, if any is close.
    static func suggestion(_ word: String, in candidates: [String]) -> [Note] {
        closestMatch(to: word, in: candidates).map { [Note("did you mean '\($0)'?")] } ?? []
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a plausible typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let limit = max(1, word.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word.lowercased(), candidate.lowercased())
        if distance <= limit, best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
    }
    return best?.0
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
/// adjacent characters each cost 1, so `nmae` is one edit from `name`.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}
