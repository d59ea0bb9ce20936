import HeapModule

/// The future event list of a run: what happens next, in order of time and then of scheduling.
///
/// A run schedules most of its events far ahead (SLA timers fire days or weeks later), so one heap
/// of every pending event grows to hundreds of thousands of entries and each removal walks a path
/// of cache misses through it. Here only the events before `boundary` are in the heap; later ones
/// wait, unsorted, in a bucket per `width` seconds, and a bucket moves into the heap when the
/// clock reaches it. Events scheduled past the last bucket wait in one more bucket, moved in last.
///
/// The order is exactly that of a single heap (see `popMin()`).
struct Agenda {
    private var near = Heap<Scheduled>()
    /// Events at or after `boundary`, by bucket; the last bucket holds everything after the others.
    private var buckets: [[Scheduled]]
    /// The time bucket 0 begins at.
    private let origin: Int64
    /// Seconds per bucket.
    private let width: Int64
    /// Buckets moved into the heap so far.
    private var moved = 0
    /// Events before this time are in the heap.
    private var boundary: Int64

    /// An empty agenda with buckets of `width` seconds from `origin` up to `end`.
    init(origin: Int64, end: Int64, width: Int64 = 3_600) {
        precondition(width > 0, "an agenda bucket must have a width")
        self.origin = origin
        self.width = width
        let count = end > origin ? Int((end - origin) / width) + 1 : 0
        buckets = Array(repeating: [], count: count + 1)
        boundary = origin
    }

    /// Whether no event is pending.
    var isEmpty: Bool { near.isEmpty && moved == buckets.count }

    /// Adds `item`.
    mutating func insert(_ item: Scheduled) {
        guard item.time >= boundary else {
            near.insert(item)
            return
        }
        let bucket = Int(min((item.time - origin) / width, Int64(buckets.count - 1)))
        buckets[bucket].append(item)
    }

    /// Removes and returns the first event, if any.
    ///
    /// Every event in the heap is before `boundary` (it was inserted before it, or its bucket was),
    /// and every event in a bucket at or after it: the heap's first, if any, is the first of all.
    mutating func popMin() -> Scheduled? {
        while near.isEmpty, moved < buckets.count {
            near.insert(contentsOf: buckets[moved])
            buckets[moved] = []
            moved += 1
            boundary = moved == buckets.count ? .max : origin + Int64(moved) * width
        }
        return near.popMin()
    }
}
