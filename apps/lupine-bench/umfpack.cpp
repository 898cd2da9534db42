// UMFPACK (SuiteSparse) with its default settings, iterative refinement included. Complex
// matrices go through umfpack_zi_* in its packed form (Az, Xz, Bz null: the values
// interleaved, real and imaginary part, the layout of std::complex<double> arrays).
#include <umfpack.h>

#include <string>
#include <vector>

#include "adapter.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

using lupine::Error;
using lupine::ErrorKind;

void check(int status, const std::string& call) {
  const std::string where = "UMFPACK " + call + ": ";
  switch (status) {
    case UMFPACK_OK:
    // The determinant warnings only say det(A) does not fit a double; the factors are fine.
    case UMFPACK_WARNING_determinant_underflow:
    case UMFPACK_WARNING_determinant_overflow:
      return;
    case UMFPACK_WARNING_singular_matrix:
      throw Error(ErrorKind::numerically_singular, where + "singular matrix");
    case UMFPACK_ERROR_out_of_memory:
      throw Error(ErrorKind::out_of_memory, where + "out of memory");
    case UMFPACK_ERROR_invalid_matrix:
      throw Error(ErrorKind::invalid_matrix, where + "invalid matrix");
    default:
      throw Error(ErrorKind::internal, where + "status " + std::to_string(status));
  }
}

/// UMFPACK's real (umfpack_di_*) or packed complex (umfpack_zi_*) calls.
template <class Scalar>
struct Umfpack;

template <>
struct Umfpack<double> {
  static constexpr const char* prefix = "umfpack_di_";
  /// W of wsolve holds this many doubles per row with iterative refinement.
  static constexpr std::size_t solve_workspace = 5;
  static void defaults(double* control) { umfpack_di_defaults(control); }
  static int symbolic(int n, const int* col_ptr, const int* rows, const double* values,
                      void** symbolic, const double* control, double* info) {
    return umfpack_di_symbolic(n, n, col_ptr, rows, values, symbolic, control, info);
  }
  static int numeric(const int* col_ptr, const int* rows, const double* values, void* symbolic,
                     void** numeric, const double* control, double* info) {
    return umfpack_di_numeric(col_ptr, rows, values, symbolic, numeric, control, info);
  }
  static int wsolve(const int* col_ptr, const int* rows, const double* values, double* x,
                    const double* b, void* numeric, const double* control, double* info,
                    int* index_workspace, double* workspace) {
    return umfpack_di_wsolve(UMFPACK_A, col_ptr, rows, values, x, b, numeric, control, info,
                             index_workspace, workspace);
  }
  static int get_lunz(int* lnz, int* unz, int* rows, int* cols, int* diagonal, void* numeric) {
    return umfpack_di_get_lunz(lnz, unz, rows, cols, diagonal, numeric);
  }
  static void free_numeric(void** numeric) { umfpack_di_free_numeric(numeric); }
  static void free_symbolic(void** symbolic) { umfpack_di_free_symbolic(symbolic); }
};

template <>
struct Umfpack<Complex> {
  static constexpr const char* prefix = "umfpack_zi_";
  static constexpr std::size_t solve_workspace = 10;
  static const double* packed(const Complex* values) {
    return reinterpret_cast<const double*>(values);
  }
  static void defaults(double* control) { umfpack_zi_defaults(control); }
  static int symbolic(int n, const int* col_ptr, const int* rows, const Complex* values,
                      void** symbolic, const double* control, double* info) {
    return umfpack_zi_symbolic(n, n, col_ptr, rows, packed(values), nullptr, symbolic, control,
                               info);
  }
  static int numeric(const int* col_ptr, const int* rows, const Complex* values, void* symbolic,
                     void** numeric, const double* control, double* info) {
    return umfpack_zi_numeric(col_ptr, rows, packed(values), nullptr, symbolic, numeric, control,
                              info);
  }
  static int wsolve(const int* col_ptr, const int* rows, const Complex* values, Complex* x,
                    const Complex* b, void* numeric, const double* control, double* info,
                    int* index_workspace, double* workspace) {
    return umfpack_zi_wsolve(UMFPACK_A, col_ptr, rows, packed(values), nullptr,
                             reinterpret_cast<double*>(x), nullptr, packed(b), nullptr, numeric,
                             control, info, index_workspace, workspace);
  }
  static int get_lunz(int* lnz, int* unz, int* rows, int* cols, int* diagonal, void* numeric) {
    return umfpack_zi_get_lunz(lnz, unz, rows, cols, diagonal, numeric);
  }
  static void free_numeric(void** numeric) { umfpack_zi_free_numeric(numeric); }
  static void free_symbolic(void** symbolic) { umfpack_zi_free_symbolic(symbolic); }
};

template <class Scalar>
class UmfpackAdapter : public SolverAdapterOf<Scalar> {
  using Calls = Umfpack<Scalar>;

 public:
  UmfpackAdapter() { Calls::defaults(control_); }
  ~UmfpackAdapter() override {
    if (numeric_ != nullptr) Calls::free_numeric(&numeric_);
    if (symbolic_ != nullptr) Calls::free_symbolic(&symbolic_);
  }
  UmfpackAdapter(const UmfpackAdapter&) = delete;
  UmfpackAdapter& operator=(const UmfpackAdapter&) = delete;

  void analyze(const MatrixOf<Scalar>& matrix) override {
    matrix_ = &matrix;
    values_ = matrix.values().data();
    check(Calls::symbolic(matrix.cols(), matrix.col_ptr().data(), matrix.row_indices().data(),
                          values_, &symbolic_, control_, info_),
          name("symbolic"));
  }

  void factor() override { numeric(matrix_->values().data(), name("numeric")); }

  // UMFPACK has no pivot-reusing refactorization; its users call numeric again with the
  // kept symbolic analysis, which is what this measures.
  void refactor(const Scalar* values) override {
    Calls::free_numeric(&numeric_);
    numeric(values, name("numeric") + " (refactor)");
  }

  void prepare_solve() override {
    const auto n = static_cast<std::size_t>(matrix_->cols());
    index_workspace_.resize(n);
    workspace_.resize(Calls::solve_workspace * n);
  }

  void solve(const Scalar* b, Scalar* x) override {
    check(Calls::wsolve(matrix_->col_ptr().data(), matrix_->row_indices().data(), values_, x, b,
                        numeric_, control_, info_, index_workspace_.data(), workspace_.data()),
          name("wsolve"));
  }

  std::int64_t lu_nnz() override {
    int lnz = 0, unz = 0, rows = 0, cols = 0, diagonal = 0;
    check(Calls::get_lunz(&lnz, &unz, &rows, &cols, &diagonal, numeric_), name("get_lunz"));
    return static_cast<std::int64_t>(lnz) + unz - matrix_->cols();
  }

  double factor_flops() override { return flops_; }

 private:
  static std::string name(const char* call) { return Calls::prefix + std::string(call); }

  void numeric(const Scalar* values, const std::string& call) {
    values_ = values;
    const int status = Calls::numeric(matrix_->col_ptr().data(), matrix_->row_indices().data(),
                                      values, symbolic_, &numeric_, control_, info_);
    check(status, call);
    flops_ = info_[UMFPACK_FLOPS];
  }

  double control_[UMFPACK_CONTROL] = {};
  double info_[UMFPACK_INFO] = {};
  void* symbolic_ = nullptr;
  void* numeric_ = nullptr;
  const MatrixOf<Scalar>* matrix_ = nullptr;
  const Scalar* values_ = nullptr;  // of the last factorization; refinement uses them
  double flops_ = 0;
  std::vector<int> index_workspace_;
  std::vector<double> workspace_;
};

}  // namespace

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_umfpack_adapter() {
  return std::make_unique<UmfpackAdapter<Scalar>>();
}

template std::unique_ptr<SolverAdapterOf<double>> make_umfpack_adapter<double>();
template std::unique_ptr<SolverAdapterOf<Complex>> make_umfpack_adapter<Complex>();

}  // namespace lupine_bench
