// The SuperLU_DIST backend (Debian's libsuperlu-dist-dev 8): pdgssvx / pzgssvx on the
// matrix in row blocks (NRformat_loc), rank r holding rows [n r / p, n (r + 1) / p), on a
// process grid as square as p allows (1 x 1, 1 x 2, 2 x 2, ...).
//
// Real matrices through pdgssvx, complex ones through pzgssvx (the same code, Slu<Scalar>).
//
// Made safe before SuperLU_DIST sees the matrix: its symbolic factorization aborts the whole
// process on a structurally zero diagonal, and Debian's build has no MC64 (HSL licence). So
// rank 0 gathers the pattern, finds a maximum transversal (SuiteSparse BTF's btf_maxtrans),
// reports a structurally singular matrix on every rank without calling SuperLU_DIST, and
// otherwise gives a transversal as SuperLU_DIST's row permutation (RowPerm = MY_PERMR), with
// values Lupine's maximum-product matching (preprocess/matching.hpp, MC64's job without its
// scaling): every diagonal entry of Pr A is then structurally nonzero, and large. Static
// pivoting replaces tiny pivots (ReplaceTinyPivot = YES); DistributedSolver's refinement
// recovers the accuracy and refuses an answer whose backward error stays above
// accuracy_limit().
//
// pdgssvx solves with A only, so A^T gets a factorization of its own (its own transversal),
// made on the first transposed solve after each factorization.
#include <superlu_ddefs.h>
#include <superlu_zdefs.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <complex>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "distributed/backend.hpp"
#include "distributed/collective.hpp"
#include "distributed/state.hpp"
#include "lupine/solver.hpp"
#include "preprocess/matching.hpp"
#include "preprocess/suitesparse_calls.hpp"
#include "symbolic/symbolic_data.hpp"

namespace lupine::distributed {
namespace {

std::vector<int> offsets_of(const std::vector<int>& counts) {
  std::vector<int> result(counts.size(), 0);
  for (std::size_t r = 1; r < counts.size(); ++r) result[r] = result[r - 1] + counts[r - 1];
  return result;
}

std::vector<int> doubled(const std::vector<int>& values) {
  std::vector<int> result(values);
  for (int& value : result) value *= 2;
  return result;
}

using Complex = std::complex<double>;

std::vector<int> scaled(const std::vector<int>& values, int width) {
  std::vector<int> result(values);
  for (int& value : result) value *= width;
  return result;
}

/// Reorders each column's rows (CSC, `magnitude` alongside) by |a_ij|² / (max_k |a_kj| max_k
/// |a_ik|), largest first: btf_maxtrans takes the first free row of a column and searches
/// augmenting paths in that order, so the diagonal it finds is mostly of large entries.
void offer_rows_largest_first(const std::vector<std::int64_t>& col_ptr,
                              std::vector<std::int64_t>& row_index,
                              const std::vector<double>& magnitude) {
  const std::size_t n = col_ptr.size() - 1;
  std::vector<double> row_max(n, 0.0), column_max(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    for (std::int64_t q = col_ptr[j]; q < col_ptr[j + 1]; ++q) {
      const double a = magnitude[static_cast<std::size_t>(q)];
      double& of_row = row_max[static_cast<std::size_t>(row_index[static_cast<std::size_t>(q)])];
      of_row = std::max(of_row, a);
      column_max[j] = std::max(column_max[j], a);
    }
  }
  std::vector<std::pair<double, std::int64_t>> column;
  for (std::size_t j = 0; j < n; ++j) {
    column.clear();
    for (std::int64_t q = col_ptr[j]; q < col_ptr[j + 1]; ++q) {
      const std::int64_t i = row_index[static_cast<std::size_t>(q)];
      const double a = magnitude[static_cast<std::size_t>(q)];
      const double scale = row_max[static_cast<std::size_t>(i)] * column_max[j];
      column.emplace_back(scale > 0 ? -a * a / scale : 0.0, i);
    }
    std::sort(column.begin(), column.end());
    for (std::size_t q = 0; q < column.size(); ++q) {
      row_index[static_cast<std::size_t>(col_ptr[j]) + q] = column[q].second;
    }
  }
}

/// SuperLU_DIST's d (double) and z (doublecomplex) entry points, for one Factorization.
template <class Scalar>
struct Slu;

template <>
struct Slu<double> {
  using Value = double;
  using ScalePerm = dScalePermstruct_t;
  using LU = dLUstruct_t;
  using Solve = dSOLVEstruct_t;
  static Value* cast(double* values) { return values; }
  static void create(SuperMatrix* A, int_t n, int_t nnz, int_t rows, int_t first, double* values,
                     int_t* columns, int_t* pointers) {
    dCreate_CompRowLoc_Matrix_dist(A, n, n, nnz, rows, first, values, columns, pointers, SLU_NR_loc,
                                   SLU_D, SLU_GE);
  }
  static void init(int_t n, ScalePerm* scale_perm, LU* lu) {
    dScalePermstructInit(n, n, scale_perm);
    dLUstructInit(n, lu);
  }
  static void free(ScalePerm* scale_perm, LU* lu) {
    dScalePermstructFree(scale_perm);
    dLUstructFree(lu);
  }
  static void destroy(int_t n, gridinfo_t* grid, LU* lu) { dDestroy_LU(n, grid, lu); }
  static void finalize(superlu_dist_options_t* options, Solve* solve) {
    dSolveFinalize(options, solve);
  }
  static void gssvx(superlu_dist_options_t* options, SuperMatrix* A, ScalePerm* scale_perm,
                    double* B, int ldb, int nrhs, gridinfo_t* grid, LU* lu, Solve* solve,
                    double* berr, SuperLUStat_t* stat, int* info) {
    pdgssvx(options, A, scale_perm, B, ldb, nrhs, grid, lu, solve, berr, stat, info);
  }
  static void space(int_t n, LU* lu, gridinfo_t* grid, SuperLUStat_t* stat,
                    superlu_dist_mem_usage_t* usage) {
    dQuerySpace_dist(n, lu, grid, stat, usage);
  }
};

template <>
struct Slu<Complex> {
  using Value = doublecomplex;
  using ScalePerm = zScalePermstruct_t;
  using LU = zLUstruct_t;
  using Solve = zSOLVEstruct_t;
  // doublecomplex is {double r, i}, laid out as std::complex<double>.
  static_assert(sizeof(doublecomplex) == sizeof(Complex), "doublecomplex is two doubles");
  static Value* cast(Complex* values) { return reinterpret_cast<Value*>(values); }
  static void create(SuperMatrix* A, int_t n, int_t nnz, int_t rows, int_t first, Complex* values,
                     int_t* columns, int_t* pointers) {
    zCreate_CompRowLoc_Matrix_dist(A, n, n, nnz, rows, first, cast(values), columns, pointers,
                                   SLU_NR_loc, SLU_Z, SLU_GE);
  }
  static void init(int_t n, ScalePerm* scale_perm, LU* lu) {
    zScalePermstructInit(n, n, scale_perm);
    zLUstructInit(n, lu);
  }
  static void free(ScalePerm* scale_perm, LU* lu) {
    zScalePermstructFree(scale_perm);
    zLUstructFree(lu);
  }
  static void destroy(int_t n, gridinfo_t* grid, LU* lu) { zDestroy_LU(n, grid, lu); }
  static void finalize(superlu_dist_options_t* options, Solve* solve) {
    zSolveFinalize(options, solve);
  }
  static void gssvx(superlu_dist_options_t* options, SuperMatrix* A, ScalePerm* scale_perm,
                    Complex* B, int ldb, int nrhs, gridinfo_t* grid, LU* lu, Solve* solve,
                    double* berr, SuperLUStat_t* stat, int* info) {
    pzgssvx(options, A, scale_perm, cast(B), ldb, nrhs, grid, lu, solve, berr, stat, info);
  }
  static void space(int_t n, LU* lu, gridinfo_t* grid, SuperLUStat_t* stat,
                    superlu_dist_mem_usage_t* usage) {
    zQuerySpace_dist(n, lu, grid, stat, usage);
  }
};

colperm_t column_order_of(DistributedOrdering ordering) {
  switch (ordering) {
    case DistributedOrdering::automatic:
    case DistributedOrdering::metis:
      return METIS_AT_PLUS_A;
    case DistributedOrdering::amd:
      return MMD_AT_PLUS_A;
    case DistributedOrdering::lupine:
      return MY_PERMC;
    default:
      break;
  }
  throw Error(ErrorKind::unsupported,
              std::string("the superlu_dist backend orders with automatic (METIS on A + A^T), "
                          "metis, amd (SuperLU_DIST's MMD on A + A^T) or lupine; not ") +
                  to_string(ordering));
}

const char* column_order_name(colperm_t order) {
  switch (order) {
    case METIS_AT_PLUS_A:
      return "metis (SuperLU_DIST, A + A^T)";
    case MMD_AT_PLUS_A:
      return "mmd (SuperLU_DIST, A + A^T)";
    case MY_PERMC:
      return "given";
    default:
      return "other";
  }
}

/// One matrix (A, or A^T) in SuperLU_DIST's row blocks, its permutations and its factors.
template <class Scalar>
class Factorization {
  using S = Slu<Scalar>;
  static constexpr int width = doubles_per_scalar<Scalar>;

 public:
  Factorization(MPI_Comm communicator, gridinfo_t* grid, const DistributedOptions& options)
      : communicator_(communicator), grid_(grid) {
    rank_ = rank_of(communicator);
    ranks_ = size_of(communicator);
    set_default_options_dist(&slu_options_);
    slu_options_.PrintStat = options.verbose ? YES : NO;
    slu_options_.IterRefine = NOREFINE;  // DistributedSolver refines, for every backend
    slu_options_.ColPerm = column_order_of(options.ordering);
    slu_options_.RowPerm = MY_PERMR;  // Lupine's maximum transversal
    slu_options_.ReplaceTinyPivot = YES;
    slu_options_.Equil = YES;
  }
  ~Factorization() { release(); }
  Factorization(const Factorization&) = delete;
  Factorization& operator=(const Factorization&) = delete;

  bool analyzed() const { return analyzed_; }
  bool factored() const { return factored_; }

  /// Collective: this rank's entries (rows, columns) of the matrix to factor.
  void analyze(std::int64_t n, const std::vector<std::int64_t>& rows,
               const std::vector<std::int64_t>& columns) {
    release();
    analyzed_ = false;
    n_ = n;
    first_row_ = n * rank_ / ranks_;
    local_rows_ = n * (rank_ + 1) / ranks_ - first_row_;
    together(communicator_, [&] {
      if (rows.size() > static_cast<std::size_t>(INT_MAX / 2)) {
        throw Error(ErrorKind::size_overflow, "more than 2^30 entries on one rank");
      }
    });
    // Each entry to the rank holding its row: counts, then (row, column) pairs.
    send_counts_.assign(static_cast<std::size_t>(ranks_), 0);
    std::vector<int> owner(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      owner[k] = owner_of(rows[k]);
      ++send_counts_[static_cast<std::size_t>(owner[k])];
    }
    send_offsets_ = offsets_of(send_counts_);
    send_order_.resize(rows.size());
    std::vector<int> fill = send_offsets_;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      send_order_[k] = fill[static_cast<std::size_t>(owner[k])]++;
    }
    receive_counts_.assign(send_counts_.size(), 0);
    MPI_Alltoall(send_counts_.data(), 1, MPI_INT, receive_counts_.data(), 1, MPI_INT,
                 communicator_);
    receive_offsets_ = offsets_of(receive_counts_);
    const std::int64_t received_total =
        static_cast<std::int64_t>(receive_offsets_.back()) + receive_counts_.back();
    together(communicator_, [&] {
      if (received_total > INT_MAX / 2) {
        throw Error(ErrorKind::size_overflow, "more than 2^30 entries in one rank's rows");
      }
    });
    const std::size_t received = static_cast<std::size_t>(received_total);
    std::vector<std::int64_t> pairs(2 * rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
      pairs[2 * static_cast<std::size_t>(send_order_[k])] = rows[k];
      pairs[2 * static_cast<std::size_t>(send_order_[k]) + 1] = columns[k];
    }
    std::vector<std::int64_t> incoming(2 * received);
    const std::vector<int> pair_counts = doubled(send_counts_);
    const std::vector<int> pair_offsets = doubled(send_offsets_);
    const std::vector<int> in_counts = doubled(receive_counts_);
    const std::vector<int> in_offsets = doubled(receive_offsets_);
    MPI_Alltoallv(pairs.data(), pair_counts.data(), pair_offsets.data(), MPI_INT64_T,
                  incoming.data(), in_counts.data(), in_offsets.data(), MPI_INT64_T, communicator_);
    // This rank's rows in CSR, sorted, duplicates merged; slot_ maps received entries to it.
    std::vector<std::size_t> by_position(received);
    std::iota(by_position.begin(), by_position.end(), std::size_t{0});
    std::sort(by_position.begin(), by_position.end(), [&](std::size_t a, std::size_t b) {
      return std::make_pair(incoming[2 * a], incoming[2 * a + 1]) <
             std::make_pair(incoming[2 * b], incoming[2 * b + 1]);
    });
    row_pointers_.assign(static_cast<std::size_t>(local_rows_) + 1, 0);
    column_indices_.clear();
    slot_.assign(received, 0);
    for (std::size_t s = 0; s < by_position.size(); ++s) {
      const std::size_t e = by_position[s];
      const bool repeat = s > 0 && incoming[2 * e] == incoming[2 * by_position[s - 1]] &&
                          incoming[2 * e + 1] == incoming[2 * by_position[s - 1] + 1];
      if (!repeat) {
        column_indices_.push_back(static_cast<int_t>(incoming[2 * e + 1]));
        ++row_pointers_[static_cast<std::size_t>(incoming[2 * e] - first_row_) + 1];
      }
      slot_[e] = static_cast<int>(column_indices_.size()) - 1;
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(local_rows_); ++i) {
      row_pointers_[i + 1] += row_pointers_[i];
    }
    find_permutations(false);  // structural: a singular pattern fails here, in the analysis
    analyzed_ = true;
  }

  /// Collective: values of this rank's entries, in the order analyzed.
  void factor(const Scalar* values) {
    factored_ = false;
    // Values to the rows' ranks, in the order of analysis, then summed into the CSR slots.
    std::vector<Scalar> outgoing(send_order_.size());
    for (std::size_t k = 0; k < send_order_.size(); ++k) {
      outgoing[static_cast<std::size_t>(send_order_[k])] = values[k];
    }
    std::vector<Scalar> incoming(slot_.size());
    const std::vector<int> out_counts = scaled(send_counts_, width);
    const std::vector<int> out_offsets = scaled(send_offsets_, width);
    const std::vector<int> in_counts = scaled(receive_counts_, width);
    const std::vector<int> in_offsets = scaled(receive_offsets_, width);
    MPI_Alltoallv(outgoing.data(), out_counts.data(), out_offsets.data(), MPI_DOUBLE,
                  incoming.data(), in_counts.data(), in_offsets.data(), MPI_DOUBLE, communicator_);
    // SuperLU_DIST scales and keeps the matrix it is given: a fresh copy every time.
    release_matrix();
    values_.assign(column_indices_.size(), Scalar(0));
    for (std::size_t e = 0; e < slot_.size(); ++e) {
      values_[static_cast<std::size_t>(slot_[e])] += incoming[e];
    }
    columns_copy_ = column_indices_;
    rows_copy_ = row_pointers_;
    S::create(&matrix_, static_cast<int_t>(n_), static_cast<int_t>(values_.size()),
              static_cast<int_t>(local_rows_), static_cast<int_t>(first_row_), values_.data(),
              columns_copy_.data(), rows_copy_.data());
    matrix_ready_ = true;
    const bool reuse = lu_ready_;
    if (!reuse) {
      // The transversal again, now preferring large entries (Debian has no MC64).
      find_permutations(true);
      S::init(static_cast<int_t>(n_), &scale_perm_, &lu_);
      std::copy(row_perm_.begin(), row_perm_.end(), scale_perm_.perm_r);
      if (slu_options_.ColPerm == MY_PERMC) {
        std::copy(column_perm_.begin(), column_perm_.end(), scale_perm_.perm_c);
      }
      structures_ready_ = true;
    }
    // The first factorization orders and builds the structure of L and U; the next ones
    // reuse both (the row permutation is structural: the same for new values).
    slu_options_.Fact = reuse ? SamePattern_SameRowPerm : DOFACT;
    slu_options_.Trans = NOTRANS;
    SuperLUStat_t stat;
    PStatInit(&stat);
    int info = 0;
    double berr = 0;
    Scalar dummy = 0;
    S::gssvx(&slu_options_, &matrix_, &scale_perm_, &dummy,
             std::max(1, static_cast<int>(local_rows_)), 0, grid_, &lu_, &solve_, &berr, &stat,
             &info);
    lu_ready_ = true;
    const double flops = stat.ops[FACT];
    const int tiny = stat.TinyPivots;
    superlu_dist_mem_usage_t usage{};
    if (info == 0) S::space(static_cast<int_t>(n_), &lu_, grid_, &stat, &usage);
    if (slu_options_.PrintStat == YES) PStatPrint(&slu_options_, &stat, grid_);
    PStatFree(&stat);
    int codes[2] = {info, -info};
    MPI_Allreduce(MPI_IN_PLACE, codes, 2, MPI_INT, MPI_MAX, communicator_);
    if (codes[0] != 0 || codes[1] != 0) {
      release();  // nothing of a failed factorization is reused
      analyzed_ = true;
      throw_failure(codes[1] > 0 ? -codes[1] : codes[0]);
    }
    MPI_Allreduce(&flops, &factor_flops_, 1, MPI_DOUBLE, MPI_SUM, communicator_);
    MPI_Allreduce(&tiny, &replaced_pivots_, 1, MPI_INT, MPI_SUM, communicator_);
    memory_mb_ = static_cast<std::int64_t>(usage.total / 1e6);
    std::int64_t local_nnz = local_lu_nnz();
    MPI_Allreduce(&local_nnz, &lu_nnz_, 1, MPI_INT64_T, MPI_SUM, communicator_);
    factored_ = true;
  }

  /// Collective: B (n x nrhs, leading dimension ld) on rank 0 becomes A^-1 B.
  void solve(Scalar* B, std::int64_t nrhs, std::int64_t ld) {
    together(communicator_, [&] {
      if (nrhs * n_ > INT_MAX) throw Error(ErrorKind::size_overflow, "n * nrhs passes 2^31");
    });
    std::vector<int> counts(static_cast<std::size_t>(ranks_)), places(counts.size());
    for (int r = 0; r < ranks_; ++r) {
      const std::int64_t first = n_ * r / ranks_;
      const std::int64_t last = n_ * (r + 1) / ranks_;
      counts[static_cast<std::size_t>(r)] = static_cast<int>(last - first) * width;
      places[static_cast<std::size_t>(r)] = static_cast<int>(first) * width;
    }
    const int ldb = std::max(1, static_cast<int>(local_rows_));
    const int mine = static_cast<int>(local_rows_) * width;
    std::vector<Scalar> local(static_cast<std::size_t>(ldb * nrhs));
    for (std::int64_t k = 0; k < nrhs; ++k) {
      MPI_Scatterv(rank_ == 0 ? B + k * ld : nullptr, counts.data(), places.data(), MPI_DOUBLE,
                   local.data() + k * ldb, mine, MPI_DOUBLE, 0, communicator_);
    }
    slu_options_.Fact = FACTORED;
    SuperLUStat_t stat;
    PStatInit(&stat);
    int info = 0;
    std::vector<double> berr(static_cast<std::size_t>(nrhs));
    S::gssvx(&slu_options_, &matrix_, &scale_perm_, local.data(), ldb, static_cast<int>(nrhs),
             grid_, &lu_, &solve_, berr.data(), &stat, &info);
    PStatFree(&stat);
    int codes[2] = {info, -info};
    MPI_Allreduce(MPI_IN_PLACE, codes, 2, MPI_INT, MPI_MAX, communicator_);
    if (codes[0] != 0 || codes[1] != 0) {
      throw Error(ErrorKind::internal, "SuperLU_DIST solve failed: info = " +
                                           std::to_string(codes[1] > 0 ? -codes[1] : codes[0]));
    }
    for (std::int64_t k = 0; k < nrhs; ++k) {
      MPI_Gatherv(local.data() + k * ldb, mine, MPI_DOUBLE, rank_ == 0 ? B + k * ld : nullptr,
                  counts.data(), places.data(), MPI_DOUBLE, 0, communicator_);
    }
  }

  void invalidate() { factored_ = false; }

  const char* ordering() const { return column_order_name(slu_options_.ColPerm); }
  std::int64_t lu_nnz() const { return lu_nnz_; }
  double factor_flops() const { return factor_flops_; }
  int replaced_pivots() const { return replaced_pivots_; }
  std::int64_t memory_mb() const { return memory_mb_; }

 private:
  int owner_of(std::int64_t row) const {
    // The r with n r / p <= row < n (r + 1) / p.
    int r = static_cast<int>((row * ranks_) / std::max<std::int64_t>(n_, 1));
    while (r > 0 && n_ * r / ranks_ > row) --r;
    while (r + 1 < ranks_ && n_ * (r + 1) / ranks_ <= row) ++r;
    return r;
  }

  /// Collective: rank 0 gathers the merged pattern, finds the maximum transversal (the row
  /// permutation) and, for DistributedOrdering::lupine, Lupine's order of Pr A; both are
  /// broadcast. A structurally singular matrix throws on every rank. With `with_values`
  /// (values_, this rank's in CSR order; the same on every rank), the row permutation is the
  /// maximum-product matching (Options::matching's), or where the nonzeros admit none the
  /// transversal with each column's rows offered largest first.
  void find_permutations(bool with_values) {
    const Scalar* values = values_.data();  // null where this rank has no entries
    const bool is_root = rank_ == 0;
    const int mine_rows = static_cast<int>(local_rows_);
    const int mine_entries = static_cast<int>(column_indices_.size());
    std::vector<int> row_counts(is_root ? static_cast<std::size_t>(ranks_) : 0);
    std::vector<int> entry_counts(row_counts.size());
    MPI_Gather(&mine_rows, 1, MPI_INT, row_counts.data(), 1, MPI_INT, 0, communicator_);
    MPI_Gather(&mine_entries, 1, MPI_INT, entry_counts.data(), 1, MPI_INT, 0, communicator_);
    std::int64_t total = 0;
    for (int count : entry_counts) total += count;
    together(communicator_, [&] {
      if (total > INT_MAX) {
        throw Error(ErrorKind::size_overflow,
                    "the superlu_dist backend gathers the pattern on rank 0, and " +
                        std::to_string(total) + " entries pass one MPI message");
      }
    });
    std::vector<int> row_offsets = offsets_of(row_counts);
    std::vector<int> entry_offsets = offsets_of(entry_counts);
    // Row lengths and column indices, rank by rank (the rows are in order).
    std::vector<int> lengths(static_cast<std::size_t>(local_rows_));
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      lengths[i] = row_pointers_[i + 1] - row_pointers_[i];
    }
    std::vector<int> all_lengths(is_root ? static_cast<std::size_t>(n_) : 0);
    std::vector<int> all_columns(is_root ? static_cast<std::size_t>(total) : 0);
    MPI_Gatherv(lengths.data(), mine_rows, MPI_INT, all_lengths.data(), row_counts.data(),
                row_offsets.data(), MPI_INT, 0, communicator_);
    MPI_Gatherv(column_indices_.data(), mine_entries, MPI_INT, all_columns.data(),
                entry_counts.data(), entry_offsets.data(), MPI_INT, 0, communicator_);
    std::vector<Scalar> all_values(with_values && is_root ? all_columns.size() : 0);
    if (with_values) {
      const std::vector<int> value_counts = scaled(entry_counts, width);
      const std::vector<int> value_offsets = scaled(entry_offsets, width);
      MPI_Gatherv(values, mine_entries * width, MPI_DOUBLE, all_values.data(), value_counts.data(),
                  value_offsets.data(), MPI_DOUBLE, 0, communicator_);
    }
    row_perm_.assign(static_cast<std::size_t>(n_), 0);
    column_perm_.assign(slu_options_.ColPerm == MY_PERMC ? static_cast<std::size_t>(n_) : 0, 0);
    together(communicator_, [&] {
      if (!is_root) return;
      // CSR (rows in order) to CSC.
      const std::size_t n = static_cast<std::size_t>(n_);
      std::vector<std::int64_t> col_ptr(n + 1, 0), row_index(all_columns.size());
      for (int column : all_columns) ++col_ptr[static_cast<std::size_t>(column) + 1];
      for (std::size_t j = 0; j < n; ++j) col_ptr[j + 1] += col_ptr[j];
      std::vector<std::int64_t> next(col_ptr.begin(), col_ptr.end() - 1);
      std::size_t p = 0;
      for (std::size_t i = 0; i < n; ++i) {
        for (int k = 0; k < all_lengths[i]; ++k, ++p) {
          row_index[static_cast<std::size_t>(next[static_cast<std::size_t>(all_columns[p])]++)] =
              static_cast<std::int64_t>(i);
        }
      }
      std::vector<std::int64_t> match(n + 1, -1), scratch(5 * n + 1);
      std::int64_t matched = 0;
      if (!all_values.empty()) {
        // The magnitudes in CSC order (the same walk as the one that filled row_index).
        std::vector<double> magnitude_of(all_columns.size());
        std::vector<std::int64_t> place(col_ptr.begin(), col_ptr.end() - 1);
        bool finite = true;
        p = 0;
        for (std::size_t i = 0; i < n; ++i) {
          for (int k = 0; k < all_lengths[i]; ++k, ++p) {
            const std::size_t j = static_cast<std::size_t>(all_columns[p]);
            const double a = std::abs(all_values[p]);
            finite = finite && std::isfinite(a);
            magnitude_of[static_cast<std::size_t>(place[j]++)] = a;
          }
        }
        // Lupine's maximum-product matching (what MC64 would give SuperLU_DIST); where the
        // nonzeros admit none, the structural transversal below, each column's rows offered
        // largest first.
        const std::vector<std::int64_t> row_of_column =
            finite ? detail::max_product_matching(n_, col_ptr.data(), row_index.data(),
                                                  magnitude_of.data())
                   : std::vector<std::int64_t>{};
        if (!row_of_column.empty()) {
          for (std::size_t j = 0; j < n; ++j) {
            match[static_cast<std::size_t>(row_of_column[j])] = static_cast<std::int64_t>(j);
          }
          matched = n_;
        } else {
          offer_rows_largest_first(col_ptr, row_index, magnitude_of);
        }
      }
      if (matched < n_) {
        matched = detail::suitesparse::btf_maxtrans(n_, col_ptr.data(), row_index.data(),
                                                    match.data(), scratch.data());
      }
      if (matched < n_) {
        std::vector<char> column_matched(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
          if (match[i] >= 0) column_matched[static_cast<std::size_t>(match[i])] = 1;
        }
        std::int64_t unmatched = 0;
        while (unmatched < n_ && column_matched[static_cast<std::size_t>(unmatched)]) ++unmatched;
        throw Error(ErrorKind::structurally_singular,
                    "matrix is structurally singular (structural rank " + std::to_string(matched) +
                        " < " + std::to_string(n_) + "): no zero-free diagonal exists; column " +
                        std::to_string(unmatched) +
                        " cannot be matched to a row of its own (found before SuperLU_DIST "
                        "was called)",
                    -1, unmatched)
            .with_structural_rank(matched);
      }
      // Row i of A becomes row match[i] of Pr A: its diagonal (match[i], match[i]) is A(i,
      // match[i]), an entry of the pattern. Checked, since SuperLU_DIST would abort otherwise.
      std::vector<char> seen(n, 0);
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t j = match[i];
        if (j < 0 || j >= n_ || seen[static_cast<std::size_t>(j)]) {
          throw Error(ErrorKind::internal, "the maximum transversal is not a permutation");
        }
        seen[static_cast<std::size_t>(j)] = 1;
        row_perm_[i] = static_cast<int_t>(j);
      }
      if (slu_options_.ColPerm == MY_PERMC && with_values) {
        // Lupine's analysis of Pr A's pattern (no BTF); perm_c[j] = position of column j.
        TripletBuilder<double, std::int64_t> builder(n_, n_);
        builder.reserve(all_columns.size());
        for (std::size_t j = 0; j < n; ++j) {
          for (std::int64_t q = col_ptr[j]; q < col_ptr[j + 1]; ++q) {
            builder.add(match[static_cast<std::size_t>(row_index[static_cast<std::size_t>(q)])],
                        static_cast<std::int64_t>(j), 1.0);
          }
        }
        const CscMatrix<double, std::int64_t> pattern = builder.build(true);
        Options options;
        options.btf = false;
        options.threads = 1;
        const Symbolic<std::int64_t> symbolic = lupine::analyze(pattern, options);
        const std::vector<std::int64_t>& order = symbolic.data().col_perm;
        for (std::size_t k = 0; k < n; ++k) {
          column_perm_[static_cast<std::size_t>(order[k])] = static_cast<int_t>(k);
        }
      }
    });
    MPI_Bcast(row_perm_.data(), static_cast<int>(n_), MPI_INT, 0, communicator_);
    if (!column_perm_.empty()) {
      MPI_Bcast(column_perm_.data(), static_cast<int>(n_), MPI_INT, 0, communicator_);
    }
  }

  /// This rank's stored entries of L and U (8.1's dQuerySpace_dist leaves nnzL and nnzU
  /// unset): L's block columns are dense supernode columns (index[1] rows, the diagonal
  /// block included), U's block rows hold index[1] values (column segments).
  std::int64_t local_lu_nnz() const {
    const int_t* xsup = lu_.Glu_persist->xsup;
    const int_t nsupers = lu_.Glu_persist->supno[n_ - 1] + 1;
    const int iam = grid_->iam;
    const int my_row = MYROW(iam, grid_);
    const int my_column = MYCOL(iam, grid_);
    std::int64_t count = 0;
    for (int_t k = my_column; k < nsupers; k += grid_->npcol) {
      const int_t* index = lu_.Llu->Lrowind_bc_ptr[LBj(k, grid_)];
      if (index != nullptr) count += static_cast<std::int64_t>(index[1]) * SuperSize(k);
    }
    for (int_t k = my_row; k < nsupers; k += grid_->nprow) {
      const int_t* index = lu_.Llu->Ufstnz_br_ptr[LBi(k, grid_)];
      if (index != nullptr) count += index[1];
    }
    return count;
  }

  [[noreturn]] void throw_failure(int info) const {
    const std::string code = "SuperLU_DIST factorization failed: info = " + std::to_string(info);
    if (info > 0 && info <= n_) {
      throw Error(ErrorKind::numerically_singular,
                  code + " (U(" + std::to_string(info - 1) +
                      ", same) is exactly zero in SuperLU_DIST's permuted numbering)");
    }
    if (info > n_) {
      throw Error(ErrorKind::out_of_memory,
                  code + " (an allocation of " + std::to_string(info - n_) + " bytes failed)");
    }
    throw Error(ErrorKind::internal,
                code + " (argument " + std::to_string(-info) + " of pdgssvx was refused)");
  }

  void release_matrix() {
    if (matrix_ready_) {
      // The arrays are this backend's vectors: free only SuperLU's descriptor.
      SUPERLU_FREE(matrix_.Store);
      matrix_ready_ = false;
    }
  }

  void release() {
    if (lu_ready_) {
      if (slu_options_.SolveInitialized == YES) S::finalize(&slu_options_, &solve_);
      S::destroy(static_cast<int_t>(n_), grid_, &lu_);
      lu_ready_ = false;
    }
    if (structures_ready_) {
      S::free(&scale_perm_, &lu_);
      structures_ready_ = false;
    }
    release_matrix();
    factored_ = false;
  }

  MPI_Comm communicator_;
  gridinfo_t* grid_;
  int rank_ = 0;
  int ranks_ = 1;
  superlu_dist_options_t slu_options_{};
  SuperMatrix matrix_{};
  bool matrix_ready_ = false;
  typename S::ScalePerm scale_perm_{};
  typename S::LU lu_{};
  typename S::Solve solve_{};
  bool structures_ready_ = false;
  bool lu_ready_ = false;
  bool analyzed_ = false;
  bool factored_ = false;
  std::int64_t n_ = 0;
  std::int64_t first_row_ = 0;
  std::int64_t local_rows_ = 0;
  std::vector<int> send_counts_, send_offsets_, receive_counts_, receive_offsets_;
  std::vector<int> send_order_;  // analysis entry k goes to position send_order_[k]
  std::vector<int> slot_;        // received entry e adds to values_[slot_[e]]
  std::vector<int_t> row_pointers_, column_indices_, rows_copy_, columns_copy_;
  std::vector<int_t> row_perm_, column_perm_;
  std::vector<Scalar> values_;
  double factor_flops_ = 0;
  int replaced_pivots_ = 0;
  std::int64_t lu_nnz_ = 0;
  std::int64_t memory_mb_ = 0;
};

template <class Scalar>
class SuperLuDistBackend final : public Backend<Scalar> {
 public:
  SuperLuDistBackend(MPI_Comm communicator, const DistributedOptions& options)
      : communicator_(communicator), options_(options) {
    together(communicator, [&] { (void)column_order_of(options.ordering); });
    const int ranks = size_of(communicator);
    // The grid: p = rows x columns with rows the largest divisor of p at most sqrt(p).
    int rows = 1;
    for (int r = 1; r * r <= ranks; ++r) {
      if (ranks % r == 0) rows = r;
    }
    superlu_gridinit(communicator, rows, ranks / rows, &grid_);
    grid_ready_ = true;
    forward_ = std::make_unique<Factorization<Scalar>>(communicator, &grid_, options);
    transposed_ = std::make_unique<Factorization<Scalar>>(communicator, &grid_, options);
  }

  ~SuperLuDistBackend() override {
    forward_.reset();
    transposed_.reset();
    if (grid_ready_) superlu_gridexit(&grid_);
  }
  SuperLuDistBackend(const SuperLuDistBackend&) = delete;
  SuperLuDistBackend& operator=(const SuperLuDistBackend&) = delete;

  void analyze(std::int64_t n, const std::vector<std::int64_t>& rows,
               const std::vector<std::int64_t>& columns, const Scalar*, bool, bool given,
               const std::vector<std::int64_t>&) override {
    together(communicator_, [&] {
      if (given) {
        throw Error(ErrorKind::internal, "the superlu_dist backend computes Lupine's order itself");
      }
      if (n >= INT_MAX / 2) {
        throw Error(ErrorKind::size_overflow,
                    "order " + std::to_string(n) + " passes SuperLU_DIST's 32-bit indices");
      }
    });
    values_ = nullptr;
    n_ = n;
    rows_ = rows;
    columns_ = columns;
    transposed_ = std::make_unique<Factorization<Scalar>>(communicator_, &grid_, options_);
    forward_->analyze(n, rows, columns);
  }

  void factor(const Scalar* values) override {
    values_ = values;
    transposed_->invalidate();
    forward_->factor(values);
  }

  void solve(Scalar* B, std::int64_t nrhs, std::int64_t ld, Transpose transpose) override {
    if (transpose == Transpose::no) {
      forward_->solve(B, nrhs, ld);
      return;
    }
    // A^T = the entries with rows and columns exchanged, factored on first use; A^H x = b
    // is A^T conj(x) = conj(b).
    if (!transposed_->analyzed()) transposed_->analyze(n_, columns_, rows_);
    if (!transposed_->factored()) transposed_->factor(values_);
    const bool conjugate = transpose == Transpose::conjugate && is_complex<Scalar>::value;
    const auto flip = [&] {
      if constexpr (is_complex<Scalar>::value) {
        if (!conjugate || B == nullptr) return;
        for (std::int64_t k = 0; k < nrhs; ++k) {
          for (std::int64_t i = 0; i < n_; ++i) B[k * ld + i] = std::conj(B[k * ld + i]);
        }
      }
    };
    flip();
    transposed_->solve(B, nrhs, ld);
    flip();
  }

  double accuracy_limit(Transpose transpose) const override {
    // Static pivoting factors a perturbed matrix when it replaces tiny pivots. Refinement
    // against A removes the perturbation's effect in a few steps when A is well away from
    // singular (sherman2: 2e-16 after 4 steps); on a (nearly) singular A it stalls (a
    // repeated row: 8e-8 after 2 steps, 2e-8 after 10). So with replaced pivots only a
    // refined backward error of 1e-12 proves the answer; without, 1e-8.
    const Factorization<Scalar>& used = transpose == Transpose::no ? *forward_ : *transposed_;
    return used.replaced_pivots() > 0 ? 1e-12 : 1e-8;
  }

  void collect(DistributedStats& stats) const override {
    stats.ordering = forward_->ordering();
    stats.predicted_lu_nnz = -1;
    stats.predicted_flops = 0;
    stats.lu_nnz = forward_->lu_nnz();
    stats.factor_flops = forward_->factor_flops();
    stats.off_diagonal_pivots = -1;
    stats.delayed_pivots = 0;  // static pivoting delays nothing
    stats.largest_front = -1;
    stats.replaced_pivots = forward_->replaced_pivots();
    std::int64_t memory = forward_->memory_mb();
    std::vector<std::int64_t> all(static_cast<std::size_t>(size_of(communicator_)));
    MPI_Allgather(&memory, 1, MPI_INT64_T, all.data(), 1, MPI_INT64_T, communicator_);
    stats.factor_memory_mb = all;
    stats.predicted_memory_mb.assign(all.size(), -1);
    stats.peak_memory_mb = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    stats.total_memory_mb = std::accumulate(all.begin(), all.end(), std::int64_t{0});
    stats.workspace_percent = 0;
    stats.workspace_retries = 0;
  }

 private:
  MPI_Comm communicator_;
  DistributedOptions options_;
  gridinfo_t grid_{};
  bool grid_ready_ = false;
  std::unique_ptr<Factorization<Scalar>> forward_, transposed_;
  std::int64_t n_ = 0;
  std::vector<std::int64_t> rows_, columns_;
  const Scalar* values_ = nullptr;
};

}  // namespace

template <class Scalar>
std::unique_ptr<Backend<Scalar>> make_superlu_dist_backend(MPI_Comm communicator,
                                                           const DistributedOptions& options) {
  return std::make_unique<SuperLuDistBackend<Scalar>>(communicator, options);
}

template std::unique_ptr<Backend<double>> make_superlu_dist_backend<double>(
    MPI_Comm, const DistributedOptions&);
template std::unique_ptr<Backend<std::complex<double>>>
make_superlu_dist_backend<std::complex<double>>(MPI_Comm, const DistributedOptions&);

}  // namespace lupine::distributed
