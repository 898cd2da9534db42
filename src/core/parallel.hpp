// The parallel constructs Lupine uses, over TBB, visible to ThreadSanitizer.
//
// Debian's libtbb is not built with ThreadSanitizer, so TSan cannot see the synchronization
// of a task's spawn and join and would report every value handed to a task (or back from
// it) as a race. Under TSan these wrappers mark the spawn and the join as happens-before
// edges with its annotation interface, once, here: TSan then checks the task bodies
// themselves (sibling tasks get no edge between them, so their races still show).
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <utility>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define LUPINE_TSAN_RELEASE(address) __tsan_release(address)
#define LUPINE_TSAN_ACQUIRE(address) __tsan_acquire(address)
#else
#define LUPINE_TSAN_RELEASE(address) static_cast<void>(address)
#define LUPINE_TSAN_ACQUIRE(address) static_cast<void>(address)
#endif

namespace lupine::detail {

/// body(i) for every i in [begin, end), `grain` consecutive indices per task. The split of the
/// range depends on its bounds and the grain only (simple partitioner), never on the threads.
template <class Index, class Body>
void parallel_for_each(Index begin, Index end, Index grain, Body&& body) {
  char spawned = 0;
  char joined = 0;
  LUPINE_TSAN_RELEASE(&spawned);
  tbb::parallel_for(
      tbb::blocked_range<Index>(begin, end, grain),
      [&](const tbb::blocked_range<Index>& range) {
        LUPINE_TSAN_ACQUIRE(&spawned);
        for (Index i = range.begin(); i != range.end(); ++i) body(i);
        LUPINE_TSAN_RELEASE(&joined);
      },
      tbb::simple_partitioner());
  LUPINE_TSAN_ACQUIRE(&joined);
}

/// parallel_for_each during which the calling thread, while it waits, runs only iterations of
/// this loop (TBB isolation): a thread that holds per-thread working memory must not start,
/// meanwhile, an unrelated task that would take the same memory.
template <class Index, class Body>
void isolated_parallel_for_each(Index begin, Index end, Index grain, Body&& body) {
  tbb::this_task_arena::isolate(
      [&] { parallel_for_each<Index>(begin, end, grain, std::forward<Body>(body)); });
}

/// Runs `function` inside `arena` (on this thread or one of the arena's) and waits for it.
template <class Function>
void execute_in(tbb::task_arena& arena, Function&& function) {
  char entered = 0;
  char left = 0;
  LUPINE_TSAN_RELEASE(&entered);
  arena.execute([&] {
    LUPINE_TSAN_ACQUIRE(&entered);
    std::forward<Function>(function)();
    LUPINE_TSAN_RELEASE(&left);
  });
  LUPINE_TSAN_ACQUIRE(&left);
}

}  // namespace lupine::detail
