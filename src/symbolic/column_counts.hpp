// Column counts of the Cholesky factor of a symmetric pattern, without forming the factor.
#pragma once

#include <vector>

namespace lupine::detail {

/// counts[j] = nnz(L(:,j)) including the diagonal, for the Cholesky factor L of P S Pᵀ, S a
/// symmetric pattern in full storage (rows in any order; `perm`/`inverse` as in
/// elimination_tree, null for P = I). Gilbert, Ng and Peyton (1994): each row subtree of
/// the elimination tree contributes +1 at its leaves and -1 at the least common ancestors
/// of consecutive leaves and above its root; summing over subtrees gives the counts in
/// O(nnz(S) alpha(n)) time.
template <class Index>
std::vector<Index> column_counts(Index n, const Index* col_ptr, const Index* rows,
                                 const std::vector<Index>& parent, const std::vector<Index>& post,
                                 const Index* perm = nullptr, const Index* inverse = nullptr);

}  // namespace lupine::detail
