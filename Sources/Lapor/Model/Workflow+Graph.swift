extension Workflow {
    /// Successors of each state, including the reopen edge out of terminal states.
    var stateEdges: [String: [String]] {
        var edges: [String: [String]] = [:]
        for transition in transitions {
            for from in transition.from { edges[from.value, default: []].append(transition.to.value) }
        }
        if let reopen {
            for state in states where state.isTerminal {
                edges[state.id.value, default: []].append(reopen.to.value)
            }
        }
        return edges
    }

    /// States reachable from the initial state (empty without one).
    var reachableStates: Set<String> {
        guard let initial = states.first(where: \.isInitial) else { return [] }
        return Workflow.reachable(from: [initial.id.value], edges: stateEdges)
    }

    /// Every state reachable from `starts` along `edges`, the starts included.
    static func reachable(from starts: [String], edges: [String: [String]]) -> Set<String> {
        var seen = Set(starts)
        var queue = starts
        while let next = queue.popLast() {
            for successor in edges[next] ?? [] where seen.insert(successor).inserted {
                queue.append(successor)
            }
        }
        return seen
    }
}
