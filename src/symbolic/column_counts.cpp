#include "symbolic/column_counts.hpp"

#include <cstdint>

namespace lupine::detail {

template <class Index>
std::vector<Index> column_counts(Index n, const Index* col_ptr, const Index* rows,
                                 const std::vector<Index>& parent, const std::vector<Index>& post,
                                 const Index* perm, const Index* inverse) {
  const std::size_t size = static_cast<std::size_t>(n);
  std::vector<Index> delta(size, 0);
  std::vector<Index> first(size, -1);  // smallest postorder index in the subtree of j
  for (Index k = 0; k < n; ++k) {
    Index j = post[k];
    delta[j] = first[j] == -1 ? 1 : 0;  // an etree leaf: its row subtree is itself
    for (; j != -1 && first[j] == -1; j = parent[j]) first[j] = k;
  }
  std::vector<Index> max_first(size, -1);
  std::vector<Index> previous_leaf(size, -1);
  std::vector<Index> ancestor(size);
  for (Index i = 0; i < n; ++i) ancestor[i] = i;
  auto find_root = [&ancestor](Index node) {
    Index root = node;
    while (ancestor[root] != root) root = ancestor[root];
    while (node != root) {
      const Index next = ancestor[node];
      ancestor[node] = root;
      node = next;
    }
    return root;
  };
  for (Index k = 0; k < n; ++k) {
    const Index j = post[k];
    if (parent[j] != -1) --delta[parent[j]];  // row subtree T_j ends at j
    const Index column = perm ? perm[j] : j;
    for (Index p = col_ptr[column]; p < col_ptr[column + 1]; ++p) {
      const Index i = inverse ? inverse[rows[p]] : rows[p];
      if (i <= j || first[j] <= max_first[i]) continue;  // j is not a new leaf of T_i
      max_first[i] = first[j];
      const Index previous = previous_leaf[i];
      previous_leaf[i] = j;
      ++delta[j];
      if (previous != -1) --delta[find_root(previous)];  // the lca was counted twice
    }
    if (parent[j] != -1) ancestor[j] = parent[j];
  }
  for (Index k = 0; k < n; ++k) {
    const Index j = post[k];
    if (parent[j] != -1) delta[parent[j]] += delta[j];
  }
  return delta;
}

template std::vector<std::int32_t> column_counts(std::int32_t, const std::int32_t*,
                                                 const std::int32_t*,
                                                 const std::vector<std::int32_t>&,
                                                 const std::vector<std::int32_t>&,
                                                 const std::int32_t*, const std::int32_t*);
template std::vector<std::int64_t> column_counts(std::int64_t, const std::int64_t*,
                                                 const std::int64_t*,
                                                 const std::vector<std::int64_t>&,
                                                 const std::vector<std::int64_t>&,
                                                 const std::int64_t*, const std::int64_t*);

}  // namespace lupine::detail
