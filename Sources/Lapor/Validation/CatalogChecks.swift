/// Checks of a `Units` catalog.
struct UnitCatalogChecks {
    let catalog: UnitCatalog

    func run() -> [Diagnostic] {
        var (diagnostics, _) = duplicates(catalog.units.map(\.id)) {
            .duplicateUnit($0.value, at: $0.location, first: $1)
        }
        var byID: [String: Unit] = [:]
        for unit in catalog.units where byID[unit.id.value] == nil { byID[unit.id.value] = unit }
        for unit in catalog.units {
            guard let parentID = unit.parent else { continue }
            guard let parent = byID[parentID.value] else {
                diagnostics.append(.unknownParentUnit(unit.id.value, parent: parentID.value, at: parentID.location))
                continue
            }
            if parent.isExternal != unit.isExternal {
                diagnostics.append(.unitKindMismatch(unit.id.value, parent: parentID.value, at: parentID.location))
            }
            // Follow the chain; a cycle would make "the unit's head" undefined.
            var visited: Set<String> = [unit.id.value]
            var current = parent
            while let next = current.parent?.value {
                if visited.contains(current.id.value) || next == unit.id.value {
                    diagnostics.append(.unitParentCycle(unit.id.value, at: parentID.location))
                    break
                }
                visited.insert(current.id.value)
                guard let nextUnit = byID[next] else { break }
                current = nextUnit
            }
        }
        return diagnostics
    }
}

/// Checks of a `Categories` catalog.
struct CategoryCatalogChecks {
    let catalog: CategoryCatalog

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (what, ids) in [
            ("channel", catalog.channels.map(\.id)), ("region", catalog.regions.map(\.id)),
            ("label", catalog.labels.map(\.id)), ("category", catalog.categories.map(\.id)),
        ] {
            diagnostics +=
                duplicates(ids) { .duplicateCatalogEntry(what, $0.value, at: $0.location, first: $1) }
                .diagnostics
        }
        let labels = Set(catalog.labels.map(\.id.value))
        let known = catalog.labels.map(\.id.value)
        for category in catalog.categories {
            for label in category.labels where !labels.contains(label.value) {
                diagnostics.append(
                    .unknownLabel(label.value, catalog: catalog.metadata.name.value, known: known, at: label.location))
            }
        }
        return diagnostics
    }
}
