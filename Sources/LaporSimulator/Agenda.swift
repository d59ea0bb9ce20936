import HeapModule

/// The future event list of a run: what happens next, in order of time and then of scheduling.
///
/// A run schedules most of its events far ahead (SLA timers fire days or weeks later), so one heap
/// of every pending event grows to hundreds of thousands of entries and each removal walks a path
/// of cache misses through it. Here later events wait, unsorted, in a bucket per `width` seconds
/// (events scheduled past the last bucket wait in one more bucket). When the clock reaches a bucket
/// it is sorted once, by counting its events per second when it holds many, and read in order; an
/// event scheduled before `boundary` (the end of the buckets read so far) goes into a heap, and the
/// next event is the earlier of the heap's first and the sorted bucket's next.
///
/// The order is exactly that of a single heap (see `popMin()`).
struct Agenda {
    /// Events scheduled before `boundary` after their bucket was read.
    private var near = Heap<Scheduled>()
    /// The bucket being read, sorted by time and then order; `run[next...]` are still to come.
    private var run: [Scheduled] = []
    private var next = 0
    /// Events at or after `boundary`, by bucket; the last bucket holds everything after the others.
    private var buckets: [[Scheduled]]
    /// The time bucket 0 begins at.
    private let origin: Int64
    /// Seconds per bucket.
    private let width: Int64
    /// Buckets read so far.
    private var moved = 0
    /// Events before this time are in `run` or `near`.
    private var boundary: Int64
    /// Per second of a bucket, the events before it (the counting sort's table, kept between buckets).
    private var starts: [Int32] = []

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
    var isEmpty: Bool { near.isEmpty && next == run.count && moved == buckets.count }

    /// Adds `item`, which must come after every event added before it in scheduling order (`order`).
    mutating func insert(_ item: Scheduled) {
        guard item.time >= boundary else {
            near.insert(item)
            return
        }
        let bucket = Int(min((item.time - origin) / width, Int64(buckets.count - 1)))
        assert(buckets[bucket].last.map { $0.order < item.order } ?? true, "events added out of scheduling order")
        // Room for a few events at once: growing from one element doubles the storage four times.
        if buckets[bucket].capacity == 0 { buckets[bucket].reserveCapacity(16) }
        buckets[bucket].append(item)
    }

    /// Removes and returns the first event, if any.
    ///
    /// Every event in `run` and in the heap is before `boundary` (it was inserted before it, or its
    /// bucket was read), and every event in a bucket at or after it; `run` is sorted. So the first
    /// event is the earlier of the heap's first and `run`'s next, and a bucket is read only when both
    /// are exhausted.
    mutating func popMin() -> Scheduled? {
        while next == run.count, near.isEmpty, moved < buckets.count { read(bucket: moved) }
        guard next < run.count else { return near.popMin() }
        if let first = near.min, first < run[next] { return near.popMin() }
        next += 1
        return run[next - 1]
    }

    /// Makes bucket `index` the sorted `run`.
    ///
    /// A bucket's events were appended in scheduling order, so a stable sort by time alone orders
    /// them by time and then order. A bucket with at least one event per 48 seconds of its width (75
    /// an hour; fewer cost less to compare than to count) is sorted by counting, in linear time; a
    /// smaller one, or the last (open-ended) bucket, by comparison.
    private mutating func read(bucket index: Int) {
        let bucket = buckets[index]
        buckets[index] = []
        moved += 1
        boundary = moved == buckets.count ? .max : origin + Int64(moved) * width
        next = 0
        let start = origin + Int64(index) * width
        guard moved < buckets.count, bucket.count >= 64, Int64(bucket.count) * 48 >= width else {
            run = bucket
            if run.count <= 64 {
                Self.insertionSortByTime(&run)
            } else {
                run.sort()
            }
            return
        }
        let seconds = Int(width)
        if starts.count != seconds + 1 {
            starts = Array(repeating: 0, count: seconds + 1)
        } else {
            for second in starts.indices { starts[second] = 0 }
        }
        for item in bucket { starts[Int(item.time - start) + 1] += 1 }
        for second in 0..<seconds { starts[second + 1] += starts[second] }
        run = [Scheduled](unsafeUninitializedCapacity: bucket.count) { sorted, count in
            guard let base = sorted.baseAddress else { return }
            for item in bucket {
                let second = Int(item.time - start)
                (base + Int(starts[second])).initialize(to: item)
                starts[second] += 1
            }
            count = bucket.count
        }
    }

    /// Sorts a few events by time, keeping events of the same time in their order in `items`
    /// (insertion sort: for a handful of events, cheaper than the library's general sort).
    private static func insertionSortByTime(_ items: inout [Scheduled]) {
        items.withUnsafeMutableBufferPointer { items in
            guard items.count > 1 else { return }
            for next in 1..<items.count {
                let item = items[next]
                var index = next
                while index > 0, items[index - 1].time > item.time {
                    items[index] = items[index - 1]
                    index -= 1
                }
                items[index] = item
            }
        }
    }
}
