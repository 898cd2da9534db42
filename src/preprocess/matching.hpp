// Maximum-product transversal (the matching behind Options::matching = max_product).
#pragma once

#include <vector>

namespace lupine::detail {

/// A row for every column of the square pattern such that the product of the matched entries'
/// magnitudes is as large as possible (the problem of Duff and Koster's MC64, job 5). It is
/// solved as an assignment problem on the costs log(max_i |a_ij|) - log |a_ij| of column j by
/// shortest augmenting paths (Dijkstra's search with row and column potentials, which keep
/// every reduced cost non-negative), after a greedy start on the entries of zero reduced cost.
/// Entries of magnitude zero are not used. Returns row_of_column (size n), or an empty vector
/// when the nonzero entries admit no perfect matching. Magnitudes must be finite.
template <class Index>
std::vector<Index> max_product_matching(Index n, const Index* col_ptr, const Index* rows,
                                        const double* magnitudes);

}  // namespace lupine::detail
