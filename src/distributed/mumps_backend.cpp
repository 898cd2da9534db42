// The MUMPS backend: MPI MUMPS (Debian's libmumps-dev) through its C interface, dmumps_c for
// real matrices and zmumps_c for complex ones, unsymmetric (SYM = 0) with the host working
// (PAR = 1). Which controls are set and why: docs/distributed.md.
#include <dmumps_c.h>
#include <zmumps_c.h>

#include <algorithm>
#include <climits>
#include <complex>
#include <string>
#include <vector>

#include "distributed/backend.hpp"
#include "distributed/collective.hpp"

namespace lupine::distributed {
namespace {

using Complex = std::complex<double>;

// MUMPS numbers ICNTL, INFO, INFOG, RINFOG and CNTL from 1, as its Fortran does.
constexpr int at(int k) {
  return k - 1;
}

constexpr int job_initialize = -1;
constexpr int job_terminate = -2;
constexpr int job_analyze = 1;
constexpr int job_factor = 2;
constexpr int job_solve = 3;

template <class Scalar>
struct Mumps;

template <>
struct Mumps<double> {
  using Instance = DMUMPS_STRUC_C;
  using Value = DMUMPS_COMPLEX;  // MUMPS's name for the scalar of each arithmetic
  static void call(Instance* instance) { dmumps_c(instance); }
};

template <>
struct Mumps<Complex> {
  using Instance = ZMUMPS_STRUC_C;
  using Value = ZMUMPS_COMPLEX;  // struct {double r, i;}: the layout of std::complex<double>
  static void call(Instance* instance) { zmumps_c(instance); }
};
static_assert(sizeof(Mumps<Complex>::Value) == sizeof(Complex), "ZMUMPS_COMPLEX is two doubles");

/// INFO(1) codes of a workspace, estimated by the analysis, that the factorization's
/// pivoting outgrew; the user guide's answer is a larger ICNTL(14).
bool workspace_shortage(int code) {
  return code == -8 || code == -9 || code == -17 || code == -20;
}

int ordering_control(DistributedOrdering ordering) {
  switch (ordering) {
    case DistributedOrdering::automatic:
      return 7;
    case DistributedOrdering::metis:
      return 5;
    case DistributedOrdering::scotch:
      return 3;
    case DistributedOrdering::pord:
      return 4;
    case DistributedOrdering::amd:
      return 0;
    case DistributedOrdering::amf:
      return 2;
    case DistributedOrdering::lupine:
      return 1;
    case DistributedOrdering::best:
      return 7;  // the backend's candidate; Lupine's is given
  }
  return 7;
}

std::string ordering_name(int infog7) {
  switch (infog7) {
    case 0:
      return "amd";
    case 1:
      return "given";
    case 2:
      return "amf";
    case 3:
      return "scotch";
    case 4:
      return "pord";
    case 5:
      return "metis";
    case 6:
      return "qamd";
    default:
      return "unknown (" + std::to_string(infog7) + ")";
  }
}

/// The Lupine error for a failed MUMPS call; INFOG(1) and INFOG(2) are the same on every
/// rank, so every rank builds the same error.
Error mumps_error(int code, int detail, const char* phase) {
  const std::string where = std::string("MUMPS ") + phase +
                            " failed: INFOG(1) = " + std::to_string(code) +
                            ", INFOG(2) = " + std::to_string(detail);
  switch (code) {
    case -2:
    case -16:
      return Error(ErrorKind::invalid_matrix, where + " (order or entry count out of range)");
    case -5:
    case -7:
    case -13:
      return Error(ErrorKind::out_of_memory,
                   where + " (an allocation failed; INFOG(2) is its size, negative in millions)");
    case -6:
      return Error(ErrorKind::structurally_singular,
                   where + " (structurally singular; INFOG(2) is the structural rank)")
          .with_structural_rank(detail);
    case -10:
      return Error(ErrorKind::numerically_singular, where + " (numerically singular)");
    case -18:
    case -51:
      return Error(ErrorKind::size_overflow, where + " (a size passes MUMPS's 32-bit integers)");
    case -19:
      return Error(ErrorKind::memory_limit_exceeded,
                   where + " (more memory than DistributedOptions::memory_limit_mb)");
    case -4:
    case -21:
    case -22:
    case -26:
      return Error(ErrorKind::invalid_argument, where + " (an argument MUMPS refused)");
    default:
      if (workspace_shortage(code)) {
        return Error(ErrorKind::out_of_memory,
                     where +
                         " (workspace too small after the allowed retries; raise "
                         "DistributedOptions::workspace_percent or workspace_retries)");
      }
      return Error(ErrorKind::internal, where);
  }
}

/// A 0-based index as MUMPS's 1-based 32-bit integer.
int one_based(std::int64_t index, const char* what) {
  if (index >= INT_MAX) {
    throw Error(ErrorKind::size_overflow,
                std::string("the ") + what + " " + std::to_string(index) +
                    " does not fit MUMPS's 32-bit integers (Debian's MUMPS is built with them)");
  }
  return static_cast<int>(index + 1);
}

template <class Scalar>
class MumpsBackend final : public Backend<Scalar> {
  using Calls = Mumps<Scalar>;
  using Value = typename Calls::Value;

 public:
  MumpsBackend(MPI_Comm communicator, const DistributedOptions& options)
      : communicator_(communicator), options_(options), rank_(rank_of(communicator)) {
    instance_.par = 1;  // the host is a worker too: no rank idles
    instance_.sym = 0;  // unsymmetric LU
    instance_.comm_fortran = static_cast<MUMPS_INT>(MPI_Comm_c2f(communicator));
    run(job_initialize, "initialization");
    initialized_ = true;
    configure();
  }

  ~MumpsBackend() override {
    if (initialized_) {
      instance_.job = job_terminate;
      Calls::call(&instance_);
    }
  }
  MumpsBackend(const MumpsBackend&) = delete;
  MumpsBackend& operator=(const MumpsBackend&) = delete;

  void analyze(std::int64_t n, const std::vector<std::int64_t>& rows,
               const std::vector<std::int64_t>& columns, const Scalar* values, bool centralized,
               bool given, const std::vector<std::int64_t>& order) override {
    together(communicator_, [&] {
      const int size = one_based(n - 1, "order");
      row_of_.resize(rows.size());
      column_of_.resize(columns.size());
      for (std::size_t k = 0; k < rows.size(); ++k) {
        row_of_[k] = one_based(rows[k], "row index");
        column_of_[k] = one_based(columns[k], "column index");
      }
      instance_.n = size;
      if (centralized) {
        instance_.icntl[at(18)] = 0;
        instance_.nnz = static_cast<MUMPS_INT8>(rows.size());
        instance_.irn = row_of_.data();
        instance_.jcn = column_of_.data();
        instance_.a = const_cast<Value*>(reinterpret_cast<const Value*>(values));
        // The maximum weighted matching (ICNTL(6) = 7: MUMPS decides whether to use it)
        // reads the values; without them, none.
        instance_.icntl[at(6)] = values != nullptr ? 7 : 0;
      } else {
        // ICNTL(18) = 3: the pattern and the values come from every rank, in any
        // distribution (MUMPS sums the entries given more than once).
        instance_.icntl[at(18)] = 3;
        instance_.nnz_loc = static_cast<MUMPS_INT8>(rows.size());
        instance_.irn_loc = row_of_.data();
        instance_.jcn_loc = column_of_.data();
        instance_.a_loc = nullptr;
      }
      // PERM_IN(i): the 1-based position of variable i in the pivot order (host only).
      given_order_.resize(order.size());
      for (std::size_t i = 0; i < order.size(); ++i) {
        given_order_[i] = one_based(order[i], "position");
      }
      instance_.perm_in = given_order_.empty() ? nullptr : given_order_.data();
    });
    instance_.icntl[at(7)] = given ? 1 : ordering_control(options_.ordering);
    centralized_ = centralized;
    run(job_analyze, "analysis");
  }

  void factor(const Scalar* values) override {
    // MUMPS reads the values but its C structure has no const.
    Value* given = const_cast<Value*>(reinterpret_cast<const Value*>(values));
    if (centralized_) {
      instance_.a = given;
    } else {
      instance_.a_loc = given;
    }
    int percent = options_.workspace_percent;
    retries_ = 0;
    for (;;) {
      instance_.icntl[at(14)] = percent;
      instance_.job = job_factor;
      Calls::call(&instance_);
      const int code = instance_.infog[at(1)];
      if (code >= 0) break;
      if (workspace_shortage(code) && retries_ < options_.workspace_retries) {
        // Every rank sees the same INFOG(1), so every rank retries.
        ++retries_;
        percent = std::max(2 * percent, 20);
        continue;
      }
      if (code == -10) throw singular_error();
      throw mumps_error(code, instance_.infog[at(2)], "factorization");
    }
    workspace_percent_ = percent;
  }

  void solve(Scalar* B, std::int64_t nrhs, std::int64_t ld, Transpose transpose) override {
    together(communicator_, [&] {
      if (nrhs > INT_MAX || ld > INT_MAX) {
        throw Error(ErrorKind::size_overflow, "nrhs and ld must fit MUMPS's 32-bit integers, got " +
                                                  std::to_string(nrhs) + " and " +
                                                  std::to_string(ld));
      }
    });
    const bool conjugate = is_complex<Scalar>::value && transpose == Transpose::conjugate;
    // Aᴴ x = b is Aᵀ conj(x) = conj(b): MUMPS's ICNTL(9) offers A and Aᵀ only.
    if (conjugate && rank_ == 0) conjugate_columns(B, nrhs, ld);
    instance_.icntl[at(9)] = transpose == Transpose::no ? 1 : 0;
    instance_.icntl[at(20)] = 0;  // dense right-hand sides on the host
    instance_.icntl[at(21)] = 0;  // the solution on the host, over the right-hand sides
    instance_.icntl[at(10)] = 0;  // DistributedSolver refines (any nrhs, any input)
    instance_.rhs = reinterpret_cast<Value*>(B);
    instance_.nrhs = static_cast<int>(nrhs);
    instance_.lrhs = static_cast<int>(ld);
    run(job_solve, "solve");
    if (conjugate && rank_ == 0) conjugate_columns(B, nrhs, ld);
  }

  void collect(DistributedStats& stats) const override {
    stats.ordering = ordering_name(instance_.infog[at(7)]);
    stats.predicted_lu_nnz = millions(instance_.infog[at(20)]);
    stats.predicted_flops = instance_.rinfog[at(1)];
    stats.lu_nnz = millions(instance_.infog[at(29)]);
    stats.factor_flops = instance_.rinfog[at(3)];
    stats.off_diagonal_pivots = instance_.infog[at(12)];
    stats.delayed_pivots = instance_.infog[at(13)];
    stats.largest_front = instance_.infog[at(11)];
    stats.peak_memory_mb = instance_.infog[at(21)];
    stats.total_memory_mb = instance_.infog[at(22)];
    stats.workspace_percent = workspace_percent_;
    stats.workspace_retries = retries_;
    stats.predicted_memory_mb = gathered(instance_.info[at(15)]);
    stats.factor_memory_mb = gathered(instance_.info[at(22)]);
  }

 private:
  void configure() {
    if (!options_.verbose) {
      instance_.icntl[at(1)] = -1;  // error messages
      instance_.icntl[at(2)] = -1;  // diagnostics and warnings
      instance_.icntl[at(3)] = -1;  // global information
      instance_.icntl[at(4)] = 0;
    }
    instance_.icntl[at(5)] = 0;  // assembled format
    instance_.icntl[at(7)] = ordering_control(options_.ordering);
    // Sequential analysis on the host: the parallel one needs ParMETIS or PT-Scotch, and
    // the analysis is not what outgrows a node first (docs/distributed.md).
    instance_.icntl[at(28)] = 1;
    instance_.icntl[at(22)] = 0;  // in-core factorization
    instance_.icntl[at(23)] =
        static_cast<int>(std::min<std::int64_t>(options_.memory_limit_mb, INT_MAX));
    instance_.icntl[at(24)] = 0;  // a zero pivot is an error, not a null-space vector
  }

  void run(int job, const char* phase) {
    instance_.job = job;
    Calls::call(&instance_);
    const int code = instance_.infog[at(1)];
    if (code < 0) throw mumps_error(code, instance_.infog[at(2)], phase);
  }

  /// MUMPS says only that a pivot was zero; a second factorization with null pivot
  /// detection (ICNTL(24) = 1) names one, in the caller's numbering, for the error.
  Error singular_error() {
    const int detail = instance_.infog[at(2)];
    std::int64_t pivot = -1;
    instance_.icntl[at(24)] = 1;
    instance_.job = job_factor;
    Calls::call(&instance_);
    instance_.icntl[at(24)] = 0;
    if (instance_.infog[at(1)] >= 0 && instance_.infog[at(28)] > 0 && rank_ == 0 &&
        instance_.pivnul_list != nullptr) {
      pivot = instance_.pivnul_list[0] - 1;
    }
    pivot = broadcast(communicator_, pivot);
    Error error = mumps_error(-10, detail, "factorization");
    if (pivot < 0) return error;
    return Error(ErrorKind::numerically_singular,
                 std::string(error.what()) + "; a zero pivot at row/column " +
                     std::to_string(pivot) + " (0-based, the caller's numbering)",
                 pivot, pivot);
  }

  static void conjugate_columns(Scalar* B, std::int64_t nrhs, std::int64_t ld) {
    if constexpr (is_complex<Scalar>::value) {
      for (std::int64_t k = 0; k < nrhs * ld; ++k) B[k] = std::conj(B[k]);
    } else {
      (void)B;
      (void)nrhs;
      (void)ld;
    }
  }

  /// MUMPS's entry counts are negative when they count millions (INFOG(20), INFOG(29)).
  static std::int64_t millions(int count) {
    return count >= 0 ? count : -static_cast<std::int64_t>(count) * 1000000;
  }

  std::vector<std::int64_t> gathered(int mine) const {
    std::vector<int> all(static_cast<std::size_t>(size_of(communicator_)));
    MPI_Allgather(&mine, 1, MPI_INT, all.data(), 1, MPI_INT, communicator_);
    return {all.begin(), all.end()};
  }

  MPI_Comm communicator_;
  DistributedOptions options_;
  int rank_;
  typename Calls::Instance instance_{};
  bool initialized_ = false;
  bool centralized_ = true;
  int workspace_percent_ = 0;
  int retries_ = 0;
  std::vector<int> given_order_;
  std::vector<int> row_of_;
  std::vector<int> column_of_;
};

}  // namespace

template <class Scalar>
std::unique_ptr<Backend<Scalar>> make_mumps_backend(MPI_Comm communicator,
                                                    const DistributedOptions& options) {
  return std::make_unique<MumpsBackend<Scalar>>(communicator, options);
}

template std::unique_ptr<Backend<double>> make_mumps_backend<double>(MPI_Comm,
                                                                     const DistributedOptions&);
template std::unique_ptr<Backend<Complex>> make_mumps_backend<Complex>(MPI_Comm,
                                                                       const DistributedOptions&);

}  // namespace lupine::distributed
