// analyze(): BTF, per-block fill-reducing ordering, per-block fill prediction and path choice.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <numeric>
#include <string>

#include "core/allocation.hpp"
#include "core/index_limit.hpp"
#include "core/scalar.hpp"
#include "core/timer.hpp"
#include "lupine/checked.hpp"
#include "lupine/solver.hpp"
#include "ordering/ordering.hpp"
#include "preprocess/btf.hpp"
#include "preprocess/matching.hpp"
#include "symbolic/column_counts.hpp"
#include "symbolic/etree.hpp"
#include "symbolic/supernodes.hpp"
#include "symbolic/symbolic_data.hpp"

namespace lupine {
namespace detail {
namespace {

template <class Index>
struct BlockPattern {
  std::vector<Index> col_ptr;
  std::vector<Index> rows;
};

// Row k of the block becomes row rows[k] of A.
template <class Index>
void assign_block_rows(SymbolicData<Index>& data, const BlockPlan<Index>& plan, const Index* rows) {
  for (Index k = 0; k < plan.size; ++k) {
    data.row_perm[plan.start + k] = rows[k];
    data.inverse_row_perm[rows[k]] = plan.start + k;
  }
}

// The pattern of rows/columns [start, start+size) of the permuted matrix, local indices,
// rows in the order they come (no kernel below needs them sorted).
template <class Index>
BlockPattern<Index> extract_block(const SymbolicData<Index>& data, Index start, Index size) {
  BlockPattern<Index> block;
  block.col_ptr.assign(static_cast<std::size_t>(size) + 1, 0);
  for (Index c = 0; c < size; ++c) {
    const Index column = data.col_perm[start + c];
    for (Index p = data.col_ptr[column]; p < data.col_ptr[column + 1]; ++p) {
      const Index local = data.inverse_row_perm[data.row_indices[p]] - start;
      if (local >= 0 && local < size) block.rows.push_back(local);
    }
    block.col_ptr[c + 1] = static_cast<Index>(block.rows.size());
  }
  return block;
}

// The off-diagonal pattern of B + Bᵀ with sorted rows, and the pattern symmetry of B (the
// fraction of off-diagonal entries whose mirror is present): with E the off-diagonal entries
// of B, |E ∪ Eᵀ| = 2|E| - |E ∩ Eᵀ|.
template <class Index>
BlockPattern<Index> symmetrize(const BlockPattern<Index>& block, Index size, double& symmetry) {
  const std::size_t order = static_cast<std::size_t>(size);
  std::vector<Index> counts(order + 1, 0);
  std::int64_t off_diagonal = 0;
  for (Index j = 0; j < size; ++j) {
    for (Index p = block.col_ptr[j]; p < block.col_ptr[j + 1]; ++p) {
      const Index i = block.rows[p];
      if (i == j) continue;
      ++counts[j + 1];
      ++counts[i + 1];
      ++off_diagonal;
    }
  }
  // Both mirrors of every entry are held before duplicates go, addressed by Index.
  if (2 * off_diagonal > index_limit<Index>()) {
    throw_index_overflow<Index>("the pattern of B + Bᵀ for a block of order " +
                                    std::to_string(size) + ", before merging duplicates,",
                                2 * off_diagonal);
  }
  for (Index j = 0; j < size; ++j) counts[j + 1] += counts[j];
  // Both mirrors of every entry, then duplicates dropped column by column.
  std::vector<Index> rows(static_cast<std::size_t>(counts[size]));
  std::vector<Index> next(counts.begin(), counts.end() - 1);
  for (Index j = 0; j < size; ++j) {
    for (Index p = block.col_ptr[j]; p < block.col_ptr[j + 1]; ++p) {
      const Index i = block.rows[p];
      if (i == j) continue;
      rows[next[j]++] = i;
      rows[next[i]++] = j;
    }
  }
  std::vector<Index> last_column(order, -1);
  std::vector<Index> unique_ptr(order + 1, 0);
  Index kept = 0;
  for (Index j = 0; j < size; ++j) {
    for (Index p = counts[j]; p < counts[j + 1]; ++p) {
      const Index i = rows[p];
      if (last_column[i] == j) continue;
      last_column[i] = j;
      rows[kept++] = i;
    }
    unique_ptr[j + 1] = kept;
  }
  symmetry = off_diagonal == 0
                 ? 1.0
                 : static_cast<double>(2 * off_diagonal - kept) / static_cast<double>(off_diagonal);
  // The pattern is symmetric, so its transpose (a counting sort) is itself with sorted rows.
  BlockPattern<Index> sorted;
  sorted.col_ptr.assign(order + 1, 0);
  for (Index p = 0; p < kept; ++p) ++sorted.col_ptr[rows[p] + 1];
  for (Index j = 0; j < size; ++j) sorted.col_ptr[j + 1] += sorted.col_ptr[j];
  sorted.rows.resize(static_cast<std::size_t>(kept));
  std::copy(sorted.col_ptr.begin(), sorted.col_ptr.end() - 1, next.begin());
  for (Index j = 0; j < size; ++j) {
    for (Index p = unique_ptr[j]; p < unique_ptr[j + 1]; ++p) sorted.rows[next[rows[p]]++] = j;
  }
  return sorted;
}

template <class Index>
void invert_permutation(const std::vector<Index>& perm, std::vector<Index>& inverse) {
  inverse.resize(perm.size());
  for (std::size_t k = 0; k < perm.size(); ++k) inverse[perm[k]] = static_cast<Index>(k);
}

// The Cholesky column counts of B + Bᵀ in the given order, diagonal included.
template <class Index>
std::vector<Index> predicted_column_counts(const BlockPattern<Index>& symmetric,
                                           const std::vector<Index>& order) {
  const Index size = static_cast<Index>(order.size());
  std::vector<Index> inverse;
  invert_permutation(order, inverse);
  const Index* col_ptr = symmetric.col_ptr.data();
  const Index* rows = symmetric.rows.data();
  const auto parent = elimination_tree(size, col_ptr, rows, order.data(), inverse.data());
  return column_counts(size, col_ptr, rows, parent, postorder(parent), order.data(),
                       inverse.data());
}

// Predicted nnz(L+U) and flops from the Cholesky column counts of B + Bᵀ in the chosen
// order: exact for LU without pivoting on a symmetric pattern, an estimate otherwise.
template <class Index>
void predict_fill(const BlockPattern<Index>& symmetric, const std::vector<Index>& order,
                  BlockPlan<Index>& plan) {
  const Index size = plan.size;
  const auto counts = predicted_column_counts(symmetric, order);
  std::int64_t factor_nnz = 0;
  double flops = 0;
  for (Index j = 0; j < size; ++j) {
    const double below = static_cast<double>(counts[j]) - 1.0;
    factor_nnz += counts[j];
    flops += below + 2.0 * below * below;
  }
  plan.predicted_lu_nnz = 2 * factor_nnz - size;
  plan.predicted_flops = flops;
}

// The trailing columns of a column-path block whose predicted factor is nearly dense (the
// nets that reach most of a circuit, ordered last by AMD: memplus's last ~120 columns carry
// three quarters of its flops): the longest tail of at least options.dense_tail_min_order
// columns whose predicted lower triangle is at least options.dense_tail_min_density full.
// Only blocks with fill enough for such a tail pay for the column counts.
template <class Index>
Index choose_dense_tail(const Options& options, const BlockPattern<Index>& symmetric,
                        const std::vector<Index>& order, const BlockPlan<Index>& plan) {
  const std::int64_t shortest = options.dense_tail_min_order;
  if (shortest <= 0 || plan.path != FactorPath::column || plan.size <= shortest ||
      plan.symmetry < kAmdSymmetryThreshold ||
      plan.predicted_lu_nnz - plan.size < shortest * (shortest - 1)) {
    return 0;
  }
  // The tail's columns hold at most t, t - 1, ..., 1 entries: unless some column holds
  // `needed` (the least largest count that can fill a triangle of `shortest` to the
  // density), there is no tail, which AMD's largest count tells without the counts.
  if (plan.largest_column >= 0) {
    std::int64_t needed = 1;
    auto reachable = [&](std::int64_t largest) {
      double entries = 0;
      for (std::int64_t c = 0; c < shortest; ++c) {
        entries += static_cast<double>(std::min(largest, shortest - c));
      }
      return entries >= options.dense_tail_min_density * 0.5 * static_cast<double>(shortest) *
                            static_cast<double>(shortest + 1);
    };
    while (needed < shortest && !reachable(needed)) ++needed;
    if (plan.largest_column < static_cast<double>(needed)) return 0;
  }
  const Index size = plan.size;
  const auto counts = predicted_column_counts(symmetric, order);
  const std::int64_t longest = std::min<std::int64_t>(size - 1, options.dense_max_order);
  Index tail = 0;
  double entries = 0;
  for (std::int64_t t = 1; t <= longest; ++t) {
    entries += static_cast<double>(counts[static_cast<std::size_t>(size - t)]);
    const double triangle = 0.5 * static_cast<double>(t) * static_cast<double>(t + 1);
    if (t >= shortest && entries >= options.dense_tail_min_density * triangle) {
      tail = static_cast<Index>(t);
    }
  }
  return tail;
}

// Supernodal path rule, fitted on the 62 real matrices of ../shared/matrices (docs/paths.md):
// near-symmetric blocks (those AMD orders) of at least 200 rows whose predicted flops are at
// least 15 per entry of L+U. Below that the column kernel's lack of overhead wins (memplus,
// 11 flops per entry: supernodal 1.18x slower); above it the supernodal path wins on every
// matrix (pde900, 18 per entry: 0.59x; 3D FEM: 0.06x). For strongly unsymmetric blocks the
// fill predicted from B + Bᵀ is no guide (COLAMD orders them; the column path keeps them).
constexpr std::int64_t kSupernodalMinimumOrder = 200;
constexpr double kSupernodalFlopsPerEntry = 15;

template <class Index>
FactorPath choose_path(const Options& options, const BlockPlan<Index>& plan) {
  if (plan.size == 1) return FactorPath::column;
  if (options.path != FactorPath::automatic) return options.path;
  // The fill prediction comes from the pattern of B + Bᵀ: for strongly unsymmetric blocks
  // (ordered by COLAMD) it overestimates the fill by orders of magnitude (hangGlider_2: 2.7M
  // predicted, 47k actual), so only near-symmetric blocks are trusted to be dense.
  if (plan.symmetry < kAmdSymmetryThreshold) return FactorPath::column;
  const double order = static_cast<double>(plan.size);
  const double density = static_cast<double>(plan.predicted_lu_nnz) / (order * order);
  if (plan.size >= options.dense_min_order && plan.size <= options.dense_max_order &&
      density >= options.dense_min_density) {
    return FactorPath::dense;
  }
  if (plan.size >= kSupernodalMinimumOrder &&
      plan.predicted_flops >=
          kSupernodalFlopsPerEntry * static_cast<double>(plan.predicted_lu_nnz)) {
    return FactorPath::supernodal;
  }
  return FactorPath::column;
}

template <class Index>
std::vector<Index> given_order(const Options& options, Index n) {
  const auto& given = options.given_column_order;
  if (given.size() != static_cast<std::size_t>(n)) {
    throw Error(ErrorKind::dimension_mismatch,
                "given_column_order has " + std::to_string(given.size()) +
                    " entries, the matrix has " + std::to_string(n) + " columns");
  }
  std::vector<Index> order(given.size());
  std::vector<char> seen(given.size(), 0);
  for (std::size_t k = 0; k < given.size(); ++k) {
    if (given[k] < 0 || given[k] >= n || seen[static_cast<std::size_t>(given[k])]) {
      throw Error(ErrorKind::invalid_argument,
                  "given_column_order is not a permutation: entry " + std::to_string(k) + " is " +
                      std::to_string(given[k]),
                  -1, given[k]);
    }
    seen[static_cast<std::size_t>(given[k])] = 1;
    order[k] = static_cast<Index>(given[k]);
  }
  return order;
}

template <class Index>
void split_permuted_matrix(SymbolicData<Index>& data) {
  const Index n = data.n;
  // start_of[k]: first position of the block holding position k.
  std::vector<Index> start_of(static_cast<std::size_t>(n));
  for (const auto& block : data.blocks) {
    std::fill(start_of.begin() + block.start, start_of.begin() + block.start + block.size,
              block.start);
  }
  // Count, then fill: both halves get their exact size.
  data.block_col_ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  data.off_col_ptr.assign(static_cast<std::size_t>(n) + 1, 0);
  const Index* inverse_row_perm = data.inverse_row_perm.data();
  const Index* rows = data.row_indices.data();
  for (Index k = 0; k < n; ++k) {
    const Index start = start_of[k];
    const Index column = data.col_perm[k];
    Index in_block = 0;
    for (Index p = data.col_ptr[column]; p < data.col_ptr[column + 1]; ++p) {
      in_block += inverse_row_perm[rows[p]] >= start;
    }
    data.block_col_ptr[k + 1] = data.block_col_ptr[k] + in_block;
    data.off_col_ptr[k + 1] =
        data.off_col_ptr[k] + (data.col_ptr[column + 1] - data.col_ptr[column]) - in_block;
  }
  data.block_rows.resize(static_cast<std::size_t>(data.block_col_ptr[n]));
  data.block_source.resize(data.block_rows.size());
  data.off_rows.resize(static_cast<std::size_t>(data.off_col_ptr[n]));
  data.off_source.resize(data.off_rows.size());
  for (Index k = 0; k < n; ++k) {
    const Index start = start_of[k];
    const Index column = data.col_perm[k];
    Index next_block = data.block_col_ptr[k];
    Index next_off = data.off_col_ptr[k];
    for (Index p = data.col_ptr[column]; p < data.col_ptr[column + 1]; ++p) {
      const Index row = inverse_row_perm[rows[p]];
      if (row >= start) {
        if (start_of[row] != start) {
          throw Error(ErrorKind::internal, "BTF permutation is not block upper triangular");
        }
        data.block_rows[next_block] = row - start;
        data.block_source[next_block++] = p;
      } else {
        data.off_rows[next_off] = row;
        data.off_source[next_off++] = p;
      }
    }
  }
}

// Options::matching = max_product: re-pairs the block's rows with its columns so that the
// product of the diagonal's magnitudes is largest. Every perfect matching of a BTF-permuted
// matrix lies inside its diagonal blocks, so matching block by block is matching the whole
// matrix, and the blocks stay irreducible. A block whose nonzero entries admit no perfect
// matching, or that holds a non-finite value (factor() will name it), keeps its transversal;
// so does one whose diagonal holds the largest magnitude of every column, or of every row (no
// product can beat it). Returns the number of columns whose row changed.
template <class Scalar, class Index>
Index match_block_rows_by_values(SymbolicData<Index>& data, const BlockPlan<Index>& plan,
                                 const Scalar* values) {
  const Index start = plan.start;
  const Index size = plan.size;
  const std::size_t order = static_cast<std::size_t>(size);
  std::vector<Index> col_ptr(order + 1, 0);
  std::vector<Index> rows;
  std::vector<double> magnitudes;
  std::vector<double> diagonal(order, 0.0), column_max(order, 0.0), row_max(order, 0.0);
  for (Index c = 0; c < size; ++c) {
    const Index column = data.col_perm[start + c];
    for (Index p = data.col_ptr[column]; p < data.col_ptr[column + 1]; ++p) {
      const Index local = data.inverse_row_perm[data.row_indices[p]] - start;
      if (local < 0 || local >= size) continue;
      const double size_of_value = static_cast<double>(magnitude(values[p]));
      if (!std::isfinite(size_of_value)) return 0;
      rows.push_back(local);
      magnitudes.push_back(size_of_value);
      if (local == c) diagonal[c] = size_of_value;
      column_max[c] = std::max(column_max[c], size_of_value);
      row_max[local] = std::max(row_max[local], size_of_value);
    }
    col_ptr[static_cast<std::size_t>(c) + 1] = static_cast<Index>(rows.size());
  }
  bool columns_peak_on_diagonal = true, rows_peak_on_diagonal = true;
  for (std::size_t c = 0; c < order; ++c) {
    columns_peak_on_diagonal = columns_peak_on_diagonal && diagonal[c] == column_max[c];
    rows_peak_on_diagonal = rows_peak_on_diagonal && diagonal[c] == row_max[c];
  }
  if (columns_peak_on_diagonal || rows_peak_on_diagonal) return 0;
  const std::vector<Index> row_of_column =
      max_product_matching(size, col_ptr.data(), rows.data(), magnitudes.data());
  if (row_of_column.empty()) return 0;
  std::vector<Index> new_rows(static_cast<std::size_t>(size));
  Index changed = 0;
  for (Index c = 0; c < size; ++c) {
    new_rows[c] = data.row_perm[start + row_of_column[c]];
    changed += row_of_column[c] != c;
  }
  assign_block_rows(data, plan, new_rows.data());
  return changed;
}

// Circuit matrices (MNA with voltage sources or inductors) are structurally symmetric with
// zero diagonals. The maximum transversal pairs their branch rows with node columns, which
// leaves a block of pattern symmetry ~0.1 on which orderings of B + Bᵀ fill badly
// (pgrid_220x220_op: 5.5M entries in L+U on the column path, 11.3M on the supernodal path,
// against 2.4M and 2.6M when each column keeps its own row; docs/ordering.md). The supernodal
// path delays the zero diagonals to where they can be pivoted; the column path does not
// profit (its diagonal preference then meets zeros: hangGlider_2 fills 7x), so the pairing is
// kept only for blocks that end up supernodal.
constexpr double kOwnRowsSymmetry = 0.95;
constexpr double kOwnRowsGain = 0.3;

// Pairs each column of the block with its own row when the block's rows are its columns'
// indices and that pattern is nearly symmetric and much more so than the transversal's.
// Returns the transversal's rows (to undo it), or nothing when it kept them.
template <class Index>
std::vector<Index> pair_rows_with_own_columns(SymbolicData<Index>& data, BlockPlan<Index>& plan,
                                              BlockPattern<Index>& block,
                                              BlockPattern<Index>& symmetric) {
  if (plan.symmetry + kOwnRowsGain > 1.0) return {};
  const Index start = plan.start;
  const Index size = plan.size;
  std::vector<char> is_column(static_cast<std::size_t>(data.n), 0);
  for (Index k = 0; k < size; ++k) is_column[data.col_perm[start + k]] = 1;
  for (Index k = 0; k < size; ++k) {
    if (!is_column[data.row_perm[start + k]]) return {};
  }
  std::vector<Index> transversal_rows(data.row_perm.begin() + start,
                                      data.row_perm.begin() + start + size);
  assign_block_rows(data, plan, data.col_perm.data() + start);
  BlockPattern<Index> own = extract_block(data, start, size);
  double own_symmetry = 0;
  BlockPattern<Index> own_symmetric = symmetrize(own, size, own_symmetry);
  if (own_symmetry < kOwnRowsSymmetry || own_symmetry < plan.symmetry + kOwnRowsGain) {
    assign_block_rows(data, plan, transversal_rows.data());
    return {};
  }
  plan.symmetry = own_symmetry;
  block = std::move(own);
  symmetric = std::move(own_symmetric);
  return transversal_rows;
}

// The block's elimination order: the requested ordering, or under Ordering::automatic the
// measured rule of docs/ordering.md: COLAMD for strongly unsymmetric blocks, AMD for the
// others, and where AMD predicts much work also nested dissection, keeping whichever
// predicts fewer flops. Sets the plan's ordering and fill prediction.
template <class Index>
std::vector<Index> choose_and_order(const Options& options, bool given,
                                    const BlockPattern<Index>& block,
                                    const BlockPattern<Index>& symmetric, BlockPlan<Index>& plan) {
  auto order_with = [&](Ordering ordering, BlockPlan<Index>& target) {
    const BlockOrder<Index> block_order =
        order_block(target.size, block.col_ptr.data(), block.rows.data(), symmetric.col_ptr.data(),
                    symmetric.rows.data(), ordering);
    if (block_order.cholesky_off_diagonal >= 0) {
      // AMD counted the factor of B + Bᵀ in its own order already; the same formulas as
      // predict_fill, without a second pass.
      target.predicted_lu_nnz =
          2 * static_cast<std::int64_t>(block_order.cholesky_off_diagonal) + target.size;
      target.predicted_flops = block_order.divisions + 2.0 * block_order.multiply_subtracts;
      target.largest_column = block_order.largest_column;
    } else {
      predict_fill(symmetric, block_order.perm, target);
      target.largest_column = -1;
    }
    target.ordering = ordering;
    return block_order.perm;
  };
  if (given) return order_with(Ordering::natural, plan);
  const Ordering ordering = choose_block_ordering(options.ordering, plan.symmetry);
  std::vector<Index> order = order_with(ordering, plan);
  if (options.ordering == Ordering::automatic && ordering == Ordering::amd &&
      plan.predicted_flops >= kNestedDissectionMinimumFlops) {
    BlockPlan<Index> alternative = plan;
    std::vector<Index> dissection = order_with(Ordering::nested_dissection, alternative);
    if (alternative.predicted_flops < plan.predicted_flops) {
      plan = alternative;
      order = std::move(dissection);
    }
  }
  return order;
}

// Where A(j, j) lies in the values, for the diagonal shifts of refactor(): found once per
// pattern rather than by every Numeric.
template <class Scalar, class Index>
void find_diagonal_slots(const CscMatrix<Scalar, Index>& matrix, SymbolicData<Index>& data) {
  data.diagonal_slot.resize(static_cast<std::size_t>(data.n));
  for (Index j = 0; j < data.n; ++j) data.diagonal_slot[j] = matrix.find(j, j);
}

template <class Index>
void finish_supernodal_blocks(SymbolicData<Index>& data) {
  for (const auto& plan : data.blocks) {
    if (plan.supernodal < 0) continue;
    auto& structure = data.supernodal[static_cast<std::size_t>(plan.supernodal)];
    build_entry_maps(structure, data.block_col_ptr.data() + plan.start, data.block_rows.data());
    // Subtrees small enough for one task each, and enough of them to keep the threads busy;
    // the grain is a fraction of the block's work, so it does not depend on the thread count.
    plan_schedule(structure, std::max(structure.total_flops / 128, 1e7));
  }
}

template <class Index>
void predict_memory(SymbolicData<Index>& data) {
  Stats& stats = data.stats;
  double factor_bytes = 0;
  double working = 0;
  for (const auto& plan : data.blocks) {
    if (plan.supernodal >= 0) {
      const auto& structure = data.supernodal[static_cast<std::size_t>(plan.supernodal)];
      factor_bytes += static_cast<double>(structure.factor_entries) * sizeof(double);
      factor_bytes +=
          2.0 * static_cast<double>(structure.size + structure.structure_total) * sizeof(Index);
      working = std::max(working, static_cast<double>(structure.sequential_working));
      stats.supernodes += structure.count;
      stats.largest_front = std::max(stats.largest_front, structure.largest_front);
    } else if (plan.path == FactorPath::dense) {
      factor_bytes +=
          static_cast<double>(plan.size) * static_cast<double>(plan.size) * sizeof(double);
    } else {
      factor_bytes += static_cast<double>(plan.predicted_lu_nnz) * (sizeof(double) + sizeof(Index));
    }
  }
  factor_bytes += static_cast<double>(data.off_rows.size()) * (sizeof(double) + sizeof(Index));
  stats.predicted_factor_bytes = static_cast<std::int64_t>(factor_bytes);
  stats.predicted_working_bytes = static_cast<std::int64_t>(working * sizeof(double));
}

}  // namespace
}  // namespace detail

template <class Index>
Symbolic<Index>::Symbolic(std::shared_ptr<const detail::SymbolicData<Index>> data)
    : data_(std::move(data)) {}

template <class Index>
const detail::SymbolicData<Index>& Symbolic<Index>::data() const {
  if (!data_) throw Error(ErrorKind::api_misuse, "empty Symbolic: call analyze() first");
  return *data_;
}

template <class Index>
Index Symbolic<Index>::size() const {
  return data().n;
}

template <class Index>
Index Symbolic<Index>::nnz() const {
  return static_cast<Index>(data().row_indices.size());
}

template <class Index>
const Options& Symbolic<Index>::options() const {
  return data().options;
}

template <class Index>
const Stats& Symbolic<Index>::stats() const {
  return data().stats;
}

namespace {

template <class Scalar, class Index>
Symbolic<Index> analyze_square(const CscMatrix<Scalar, Index>& matrix, const Options& options) {
  using namespace detail;
  const Timer timer;
  auto data = std::make_shared<SymbolicData<Index>>();
  const Index n = matrix.rows();
  data->n = n;
  data->options = options;
  data->col_ptr.assign(matrix.col_ptr().begin(), matrix.col_ptr().end());
  data->row_indices.assign(matrix.row_indices().begin(), matrix.row_indices().end());
  const Index* col_ptr = data->col_ptr.data();
  const Index* rows = data->row_indices.data();

  const bool given = options.ordering == Ordering::given;
  const bool match_by_values = options.matching == Matching::max_product;
  auto form = block_triangular_form(n, col_ptr, rows, options.btf && !given);
  data->row_perm = std::move(form.row_perm);
  data->col_perm = std::move(form.col_perm);
  if (given) {
    data->col_perm = given_order(options, n);
    data->row_perm = data->col_perm;
  }
  invert_permutation(data->row_perm, data->inverse_row_perm);

  const std::size_t block_count = form.block_start.empty() ? 0 : form.block_start.size() - 1;
  data->blocks.resize(block_count);
  // nnz(L+U) predicted for the blocks so far: checked against the index type as soon as each
  // block is predicted, so that a factor too large for it is refused before the supernodal
  // analysis sizes anything by it.
  std::int64_t predicted_so_far = 0;
  auto check_prediction = [&](std::size_t b) {
    if (predicted_so_far <= index_limit<Index>()) return;
    throw_index_overflow<Index>(b + 1 == block_count
                                    ? std::string("predicted nnz(L+U)")
                                    : "predicted nnz(L+U), counting " + std::to_string(b + 1) +
                                          " of the " + std::to_string(block_count) + " BTF blocks,",
                                predicted_so_far);
  };
  for (std::size_t b = 0; b < block_count; ++b) {
    BlockPlan<Index>& plan = data->blocks[b];
    plan.start = form.block_start[b];
    plan.size = form.block_start[b + 1] - form.block_start[b];
    if (plan.size == 1) {
      plan.predicted_lu_nnz = 1;
      ++predicted_so_far;
      continue;
    }
    if (match_by_values) {
      data->stats.rematched_columns +=
          match_block_rows_by_values(*data, plan, matrix.values().data());
    }
    BlockPattern<Index> block = extract_block(*data, plan.start, plan.size);
    BlockPattern<Index> symmetric = symmetrize(block, plan.size, plan.symmetry);
    const BlockPlan<Index> transversal_plan = plan;
    // A matching by values is kept: the own-row pairing would undo it.
    const std::vector<Index> transversal_rows =
        given || match_by_values ? std::vector<Index>{}
                                 : pair_rows_with_own_columns(*data, plan, block, symmetric);
    std::vector<Index> order = choose_and_order(options, given, block, symmetric, plan);
    plan.path = choose_path(options, plan);
    if (!transversal_rows.empty() && plan.path != FactorPath::supernodal) {
      assign_block_rows(*data, plan, transversal_rows.data());
      plan = transversal_plan;
      block = extract_block(*data, plan.start, plan.size);
      symmetric = symmetrize(block, plan.size, plan.symmetry);
      order = choose_and_order(options, given, block, symmetric, plan);
      plan.path = choose_path(options, plan);
    }
    plan.dense_tail = choose_dense_tail(options, symmetric, order, plan);
    predicted_so_far += plan.predicted_lu_nnz;
    check_prediction(b);
    if (plan.path == FactorPath::supernodal) {
      std::vector<Index> final_order;
      SupernodalStructure<Index> structure =
          analyze_supernodes(plan.size, symmetric.col_ptr.data(), symmetric.rows.data(), order,
                             AmalgamationRule{}, final_order);
      order = std::move(final_order);
      // Amalgamation stores explicit zeros too: the supernodal factor's own count.
      predicted_so_far += structure.factor_entries - plan.predicted_lu_nnz;
      check_prediction(b);
      plan.predicted_lu_nnz = structure.factor_entries;
      plan.predicted_flops = structure.total_flops;
      plan.supernodal = static_cast<std::int64_t>(data->supernodal.size());
      data->supernodal.push_back(std::move(structure));
    }
    // The ordering is applied to rows and columns alike, keeping the transversal on the
    // diagonal so that diagonal preference in pivoting follows the predicted fill.
    std::vector<Index> new_rows(static_cast<std::size_t>(plan.size));
    std::vector<Index> new_cols(static_cast<std::size_t>(plan.size));
    for (Index k = 0; k < plan.size; ++k) {
      new_rows[k] = data->row_perm[plan.start + order[k]];
      new_cols[k] = data->col_perm[plan.start + order[k]];
    }
    std::copy(new_rows.begin(), new_rows.end(), data->row_perm.begin() + plan.start);
    std::copy(new_cols.begin(), new_cols.end(), data->col_perm.begin() + plan.start);
    for (Index k = 0; k < plan.size; ++k) data->inverse_row_perm[new_rows[k]] = plan.start + k;
  }
  split_permuted_matrix(*data);
  find_diagonal_pivot_patterns(*data, matrix.has_values() ? matrix.values().data() : nullptr);
  find_diagonal_slots(matrix, *data);
  finish_supernodal_blocks(*data);

  Stats& stats = data->stats;
  stats.n = n;
  stats.nnz = matrix.nnz();
  stats.structural_rank = n;
  stats.btf_blocks = static_cast<std::int64_t>(block_count);
  stats.predicted_lu_nnz = static_cast<std::int64_t>(data->off_rows.size());
  for (const auto& plan : data->blocks) {
    data->largest_block = std::max(data->largest_block, plan.size);
    if (plan.size == 1) {
      ++stats.singleton_blocks;
    } else if (plan.path == FactorPath::dense) {
      ++stats.dense_blocks;
      data->largest_dense_block = std::max<std::int64_t>(data->largest_dense_block, plan.size);
    } else if (plan.path == FactorPath::supernodal) {
      ++stats.supernodal_blocks;
      data->largest_supernodal_block =
          std::max<std::int64_t>(data->largest_supernodal_block, plan.size);
    } else {
      ++stats.column_blocks;
    }
    stats.predicted_lu_nnz += plan.predicted_lu_nnz;
    stats.predicted_flops += plan.predicted_flops;
  }
  stats.largest_block = data->largest_block;
  // The exported U holds the off-diagonal blocks' entries too.
  require_index_range<Index>(stats.predicted_lu_nnz, "predicted nnz(L+U)");
  predict_memory(*data);
  stats.analyze_seconds = timer.seconds();
  return Symbolic<Index>(std::move(data));
}

}  // namespace

template <class Scalar, class Index>
Symbolic<Index> analyze(const CscMatrix<Scalar, Index>& matrix, const Options& options) {
  options.validate();
  if (!matrix.is_square()) {
    throw Error(ErrorKind::dimension_mismatch, "LU needs a square matrix, got " +
                                                   std::to_string(matrix.rows()) + " x " +
                                                   std::to_string(matrix.cols()));
  }
  if (options.matching == Matching::max_product && !matrix.has_values()) {
    throw Error(ErrorKind::invalid_argument,
                "matching = max_product pairs rows with columns by their values; the matrix "
                "given to analyze() is pattern-only");
  }
  return detail::converting_allocation_failure("analyze()", matrix.rows(), [&] {
    detail::reject_if_fewer_entries_than_columns(matrix.rows(), matrix.col_ptr().data(),
                                                 matrix.row_indices().data());
    return analyze_square(matrix, options);
  });
}

template class Symbolic<std::int32_t>;
template class Symbolic<std::int64_t>;
template Symbolic<std::int32_t> analyze(const CscMatrix<double, std::int32_t>&, const Options&);
template Symbolic<std::int64_t> analyze(const CscMatrix<double, std::int64_t>&, const Options&);
template Symbolic<std::int32_t> analyze(const CscMatrix<std::complex<double>, std::int32_t>&,
                                        const Options&);
template Symbolic<std::int64_t> analyze(const CscMatrix<std::complex<double>, std::int64_t>&,
                                        const Options&);

}  // namespace lupine
