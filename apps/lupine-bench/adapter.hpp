// One interface over every benchmarked solver, so that the runner times each the same way,
// in real (double) and in complex (std::complex<double>) arithmetic.
#pragma once

#include <complex>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "lupine/solver.hpp"
#include "lupine/sparse.hpp"

namespace lupine_bench {

using Complex = std::complex<double>;
template <class Scalar>
using MatrixOf = lupine::CscMatrix<Scalar, std::int32_t>;
using Matrix = MatrixOf<double>;
using ComplexMatrix = MatrixOf<Complex>;

/// "real" or "complex": the scalar type a row ran in (the CSV's field column).
template <class Scalar>
constexpr const char* field_name() {
  return std::is_same<Scalar, double>::value ? "real" : "complex";
}

struct AdapterSettings {
  int threads = 1;       // Lupine only
  int refine_steps = 0;  // Lupine only; the peers keep their default refinement
  double pivot_threshold = std::numeric_limits<double>::quiet_NaN();  // Lupine only; NaN: default
  bool rescale_on_refactor = false;                                   // Lupine only
  lupine::FactorPath path = lupine::FactorPath::automatic;            // Lupine only
  lupine::Ordering ordering = lupine::Ordering::automatic;            // Lupine only
  lupine::Matching matching = lupine::Matching::structural;           // Lupine only
};

/// The phases of a direct solver, called in this order: analyze, factor, prepare_solve, then
/// any mix of solve and refactor. Failures throw lupine::Error with the kind that names
/// them (numerically_singular, out_of_memory, ...). The matrix passed to analyze must
/// outlive the adapter; refactor values follow its entry order. Scalar is double or Complex;
/// the peers' complex interfaces (klu_z_*, umfpack_zi_* packed, zmumps) take the values
/// interleaved, real and imaginary part, which is the layout of std::complex<double> arrays.
template <class Scalar>
class SolverAdapterOf {
 public:
  virtual ~SolverAdapterOf() = default;

  virtual void analyze(const MatrixOf<Scalar>& matrix) = 0;
  /// Pivoting factorization of the analyzed matrix's values.
  virtual void factor() = 0;
  /// Same pattern, new values (nnz of them, in the analyzed matrix's entry order).
  virtual void refactor(const Scalar* values) = 0;
  /// Untimed setup before the first solve (workspace a careful user allocates once).
  virtual void prepare_solve() {}
  /// x = A⁻¹ b for the values of the last factor or refactor.
  virtual void solve(const Scalar* b, Scalar* x) = 0;

  /// nnz(L+U) with the unit diagonal of L not counted (see --help for each solver).
  virtual std::int64_t lu_nnz() = 0;
  /// The solver's own flop count of its last factorization.
  virtual double factor_flops() = 0;
  /// Pivots delayed to a later front in the last factorization; -1 where the solver does
  /// not say (the peers).
  virtual std::int64_t delayed_pivots() { return -1; }
  /// Diagonal blocks the analysis gave a supernodal factorization; -1 for the peers.
  virtual std::int64_t supernodal_blocks() { return -1; }
  /// The solver's own figure of its peak memory (bytes; mumps-mpi: the largest rank's), or
  /// -1 where the row's peak resident set is measured instead.
  virtual std::int64_t peak_memory_bytes() { return -1; }
};
using SolverAdapter = SolverAdapterOf<double>;
using ComplexSolverAdapter = SolverAdapterOf<Complex>;

/// Solver names in their default order: lupine, klu, umfpack, mumps (not in builds with
/// LUPINE_WITH_MPI, whose MUMPS is mumps-mpi, run with --distributed).
const std::vector<std::string>& known_solvers();

/// Throws lupine::Error(invalid_argument) for an unknown name. Instantiated for double and
/// Complex, as are the make_*_adapter functions.
template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_adapter(const std::string& solver,
                                                      const AdapterSettings& settings);

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_lupine_adapter(const AdapterSettings& settings);
template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_klu_adapter();
template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_umfpack_adapter();
template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_mumps_adapter();
/// MUMPS over MPI through lupine::DistributedSolver (builds with LUPINE_WITH_MPI only; the
/// sequential MUMPS baseline is then left out: both libraries export the same symbols).
template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_mumps_mpi_adapter(const AdapterSettings& settings);
/// SuperLU_DIST through lupine::DistributedSolver (pdgssvx, pzgssvx).
template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_superlu_dist_adapter(const AdapterSettings& settings);

}  // namespace lupine_bench
