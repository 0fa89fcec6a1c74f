#pragma once
// An allocator for the transport solver's big flat arrays (arcs, flows: hundreds of MiB at a
// million points). Blocks of 4 MiB and more are aligned to 2 MiB and marked MADV_HUGEPAGE, so
// that Linux backs them with transparent huge pages where the system allows it only on request
// (`/sys/kernel/mm/transparent_hugepage/enabled` = madvise, Debian's default). Page faults and
// TLB misses were about a tenth of a large solve on 4 KiB pages (perf). Only a hint: without
// huge pages the memory is ordinary and the results are the same. Private to core.
#include <cstddef>
#include <cstdlib>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace xw::core::detail {

template <class T> struct HugePageAllocator {
    using value_type = T;
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;
    static constexpr std::size_t kThreshold = std::size_t{4} << 20;

    HugePageAllocator() noexcept = default;
    template <class U> explicit HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) {
            throw std::bad_array_new_length();
        }
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kThreshold) {
            return static_cast<T*>(::operator new(bytes));
        }
        const std::size_t rounded = (bytes + kHugePage - 1) & ~(kHugePage - 1);
        void* p = std::aligned_alloc(kHugePage, rounded);
        if (p == nullptr) {
            throw std::bad_alloc();
        }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        (void)madvise(p, rounded, MADV_HUGEPAGE); // a hint; failure is harmless
#endif
        return static_cast<T*>(p);
    }

    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < kThreshold) {
            ::operator delete(p);
        } else {
            std::free(p);
        }
    }

    template <class U> bool operator==(const HugePageAllocator<U>&) const noexcept {
        return true;
    }
    template <class U> bool operator!=(const HugePageAllocator<U>&) const noexcept {
        return false;
    }
};

} // namespace xw::core::detail
