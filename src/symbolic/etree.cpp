#include "symbolic/etree.hpp"

#include <cstdint>

namespace lupine::detail {

template <class Index>
std::vector<Index> elimination_tree(Index n, const Index* col_ptr, const Index* rows,
                                    const Index* perm, const Index* inverse) {
  std::vector<Index> parent(static_cast<std::size_t>(n), -1);
  // ancestor[i] short-cuts to the highest known ancestor of i (path compression).
  std::vector<Index> ancestor(static_cast<std::size_t>(n), -1);
  for (Index j = 0; j < n; ++j) {
    const Index column = perm ? perm[j] : j;
    for (Index p = col_ptr[column]; p < col_ptr[column + 1]; ++p) {
      Index i = inverse ? inverse[rows[p]] : rows[p];
      while (i != -1 && i < j) {
        const Index next = ancestor[i];
        ancestor[i] = j;
        if (next == -1) {
          parent[i] = j;
          break;
        }
        i = next;
      }
    }
  }
  return parent;
}

template <class Index>
std::vector<Index> postorder(const std::vector<Index>& parent) {
  const Index n = static_cast<Index>(parent.size());
  std::vector<Index> first_child(static_cast<std::size_t>(n), -1);
  std::vector<Index> next_sibling(static_cast<std::size_t>(n), -1);
  // Inserting in decreasing order leaves each child list increasing.
  for (Index j = n - 1; j >= 0; --j) {
    const Index p = parent[j];
    if (p == -1) continue;
    next_sibling[j] = first_child[p];
    first_child[p] = j;
  }
  std::vector<Index> post;
  post.reserve(static_cast<std::size_t>(n));
  std::vector<Index> stack;
  for (Index root = 0; root < n; ++root) {
    if (parent[root] != -1) continue;
    stack.push_back(root);
    while (!stack.empty()) {
      const Index node = stack.back();
      const Index child = first_child[node];
      if (child == -1) {
        post.push_back(node);
        stack.pop_back();
      } else {
        // Detach the child so the node is emitted once all children are done.
        first_child[node] = next_sibling[child];
        stack.push_back(child);
      }
    }
  }
  return post;
}

template std::vector<std::int32_t> elimination_tree(std::int32_t, const std::int32_t*,
                                                    const std::int32_t*, const std::int32_t*,
                                                    const std::int32_t*);
template std::vector<std::int64_t> elimination_tree(std::int64_t, const std::int64_t*,
                                                    const std::int64_t*, const std::int64_t*,
                                                    const std::int64_t*);
template std::vector<std::int32_t> postorder(const std::vector<std::int32_t>&);
template std::vector<std::int64_t> postorder(const std::vector<std::int64_t>&);

}  // namespace lupine::detail
