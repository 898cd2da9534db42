// The searches of a left-looking sparse LU (Gilbert-Peierls), shared by the column kernel
// (numeric/numeric_column.cpp) and by analysis's pattern for diagonal pivots
// (symbolic/diagonal_pattern.cpp): both must visit rows in the same order, so that the
// pattern analysis predicts is the one the kernel would find, update order included.
#pragma once

#include <utility>

namespace lupine::detail {

/// The search state of one block: arrays of the block's order.
template <class Index>
struct ReachSpace {
  Index* stack = nullptr;       // depth-first search stack
  Index* visited = nullptr;     // visited[i] == k: row i seen while computing column k
  Index* next_child = nullptr;  // where the search resumes in the L column of a node
  Index* reach = nullptr;       // reach[top..size): the rows of the column, topological order
  const Index* pruned_length = nullptr;  // -1, or how much of L(:,j) the search must scan
};

/// Rows reachable from the rows seeds[0..seed_count) (the pattern of A(:,k)) in the graph of
/// the L columns computed so far (row i leads to the rows of L(:, pinv(i)) when row i is
/// pivotal, pinv(i) >= 0). Returns `top`; the reach in topological order is reach[top..size).
/// `pinv` is a function: analysis, whose pivots are the diagonal, needs no array for it.
/// Always inlined: called out of line, a fresh factorization of inv_chain_10x100 took 4% more
/// instructions (callgrind).
template <class Index, class PivotOf>
[[gnu::always_inline]] inline Index column_reach(Index size, const Index* seeds, Index seed_count,
                                                 Index k, PivotOf&& pinv, const Index* L_col_ptr,
                                                 const Index* L_rows,
                                                 const ReachSpace<Index>& space) {
  Index top = size;
  Index* stack = space.stack;
  Index* visited = space.visited;
  Index* next_child = space.next_child;
  Index* reach = space.reach;
  const Index* pruned_length = space.pruned_length;
  for (Index s = 0; s < seed_count; ++s) {
    const Index seed = seeds[s];
    if (visited[seed] == k) continue;
    Index head = 0;
    stack[0] = seed;
    visited[seed] = k;
    const Index seed_pivot = pinv(seed);
    next_child[seed] = seed_pivot >= 0 ? L_col_ptr[seed_pivot] : 0;
    while (head >= 0) {
      const Index node = stack[head];
      const Index j = pinv(node);
      bool finished = true;
      if (j >= 0) {
        const Index end =
            pruned_length[j] >= 0 ? L_col_ptr[j] + pruned_length[j] : L_col_ptr[j + 1];
        for (Index q = next_child[node]; q < end; ++q) {
          const Index child = L_rows[q];
          if (visited[child] == k) continue;
          next_child[node] = q + 1;
          visited[child] = k;
          const Index child_pivot = pinv(child);
          next_child[child] = child_pivot >= 0 ? L_col_ptr[child_pivot] : 0;
          stack[++head] = child;
          finished = false;
          break;
        }
      }
      if (finished) {
        --head;
        reach[--top] = node;
      }
    }
  }
  return top;
}

/// Symmetric pruning (Eisenstat and Liu), after column k's pivot row `pivot_row` is chosen
/// (pinv[pivot_row] set): once it appears in L(:,j) for some U(j,k) != 0 (j = U_rows[q],
/// q in [u_begin, u_end)), every later row of L(:,j) is also reachable through column k, so
/// searches need only the rows of L(:,j) that are already pivotal. They are moved to the front
/// of the column (`swap_values(a, b)` moves the values along); pruned(j) is told.
template <class Index, class PivotOf, class SwapValues, class Pruned>
inline void prune_columns(Index pivot_row, const Index* U_rows, Index u_begin, Index u_end,
                          PivotOf&& pinv, const Index* L_col_ptr, Index* L_rows,
                          Index* pruned_length, SwapValues&& swap_values, Pruned&& pruned) {
  for (Index q = u_begin; q < u_end; ++q) {
    const Index j = U_rows[q];
    if (pruned_length[j] >= 0) continue;
    const Index begin = L_col_ptr[j];
    const Index end = L_col_ptr[j + 1];
    bool contains_pivot = false;
    for (Index p = begin; p < end; ++p) {
      if (L_rows[p] == pivot_row) {
        contains_pivot = true;
        break;
      }
    }
    if (!contains_pivot) continue;
    Index head = begin;
    Index tail = end - 1;
    while (head <= tail) {
      if (pinv(L_rows[head]) >= 0) {
        ++head;
      } else {
        std::swap(L_rows[head], L_rows[tail]);
        swap_values(head, tail);
        --tail;
      }
    }
    pruned_length[j] = head - begin;
    pruned(j);
  }
}

}  // namespace lupine::detail
