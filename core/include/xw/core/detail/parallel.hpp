#pragma once
// The one thread-pool helper of the project (internal: used by core and gis, not a public API).
// Work is cut into fixed blocks whose results the caller merges in block order, so results never
// depend on the number of threads. A worker's exception is caught and rethrown on the calling
// thread after every worker has joined (never std::terminate).
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace xw::core::detail {

/// Threads to use: `requested` (0 → std::thread::hardware_concurrency()), clamped to 1..maxThreads
/// and to one per `minWorkPerThread` items of `work`.
[[nodiscard]] inline int threadsFor(int requested, std::size_t work, int maxThreads = 8,
                                    std::size_t minWorkPerThread = 1024) {
    int t = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
    t = std::clamp(t, 1, std::max(1, maxThreads));
    const std::size_t per = std::max<std::size_t>(1, minWorkPerThread);
    const auto byWork = static_cast<int>(std::min<std::size_t>(
        static_cast<std::size_t>(std::max(1, maxThreads)), (work + per - 1) / per));
    return std::max(1, std::min(t, byWork));
}

/// Calls f(block, begin, end) for `blocks` contiguous blocks of [0, n): block 0 on the calling
/// thread, the others on their own threads. Rethrows the exception of the lowest block that threw.
template <class F> void forBlocks(std::size_t n, int blocks, F&& f) {
    if (blocks <= 1) {
        f(std::size_t{0}, std::size_t{0}, n);
        return;
    }
    const auto nb = static_cast<std::size_t>(blocks);
    std::vector<std::exception_ptr> errors(nb);
    const auto run = [&](std::size_t b) {
        try {
            f(b, n * b / nb, n * (b + 1) / nb);
        } catch (...) {
            errors[b] = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(nb - 1);
    for (std::size_t b = 1; b < nb; ++b)
        pool.emplace_back(run, b);
    run(0);
    for (std::thread& t : pool)
        t.join();
    for (const std::exception_ptr& e : errors)
        if (e)
            std::rethrow_exception(e);
}

/// Runs worker(w) for w = 0..threads−1, worker 0 on the calling thread; the workers share work
/// through whatever the caller gives them (e.g. an atomic counter). Rethrows the exception of the
/// lowest worker that threw, after all have joined.
template <class F> void runWorkers(int threads, F&& worker) {
    forBlocks(static_cast<std::size_t>(std::max(threads, 1)), std::max(threads, 1),
              [&](std::size_t w, std::size_t, std::size_t) { worker(static_cast<int>(w)); });
}

} // namespace xw::core::detail
