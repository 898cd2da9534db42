// A thread-safe pool of large scratch buffers for fronts, contribution blocks and stacks.
//
// The supernodal factorization needs big dense buffers whose lifetimes follow the assembly
// tree, across threads. Allocating them fresh for every front would pay the allocator and,
// worse, first-touch page faults each time (measured in core/allocation.hpp); the pool keeps
// released buffers and hands them out again, so a refactorization with the same structure
// allocates nothing once the first factorization has run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <vector>

#include "core/allocation.hpp"

namespace lupine::detail {

template <class Scalar>
class BufferPool {
 public:
  struct Buffer {
    Scalar* data = nullptr;
    std::size_t capacity = 0;
  };

  BufferPool() = default;
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;
  ~BufferPool() {
    for (const Buffer& buffer : free_) allocator_.deallocate(buffer.data, buffer.capacity);
  }

  /// A buffer of at least `size` scalars (contents undefined): the smallest free one that is
  /// large enough, else a new one. A new allocation first returns the largest free buffer that
  /// is too small to the system, so the pool does not keep growing by near misses.
  Buffer acquire(std::size_t size) {
    size = std::max<std::size_t>(size, 1);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      std::size_t best = free_.size();
      std::size_t largest_small = free_.size();
      for (std::size_t b = 0; b < free_.size(); ++b) {
        if (free_[b].capacity >= size) {
          if (best == free_.size() || free_[b].capacity < free_[best].capacity) best = b;
        } else if (largest_small == free_.size() ||
                   free_[b].capacity > free_[largest_small].capacity) {
          largest_small = b;
        }
      }
      if (best != free_.size()) {
        const Buffer buffer = free_[best];
        free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(best));
        return buffer;
      }
      // New buffers come in sizes 2^(k/4), so that later requests of a similar size (the
      // fronts of one tree level are alike) find one to reuse.
      size = pool_size_class(size);
      if (largest_small != free_.size()) {
        const Buffer small = free_[largest_small];
        free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(largest_small));
        allocator_.deallocate(small.data, small.capacity);
        allocated_ -= small.capacity;
      }
      allocated_ += size;
      peak_ = std::max(peak_, allocated_);
      ++allocations_;
    }
    Buffer buffer;
    try {
      buffer.data = allocator_.allocate(size);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      allocated_ -= size;
      throw;
    }
    buffer.capacity = size;
    return buffer;
  }

  void release(Buffer buffer) {
    if (buffer.data == nullptr) return;
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(buffer);
  }

  /// Scalars held by the pool (free or handed out), and the most it ever held.
  std::size_t allocated() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return allocated_;
  }
  std::size_t peak() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_;
  }
  /// How many times the pool asked the system for memory.
  std::size_t allocations() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return allocations_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Buffer> free_;
  std::size_t allocated_ = 0;
  std::size_t peak_ = 0;
  std::size_t allocations_ = 0;
  LargeArrayAllocator<Scalar> allocator_;
};

}  // namespace lupine::detail
