// KLU (SuiteSparse) with its default settings: BTF, AMD, threshold pivoting 0.001. Complex
// matrices go through klu_z_factor, klu_z_refactor and klu_z_solve; the analysis
// (klu_analyze) reads only the pattern, so it is the same call for both.
#include <klu.h>

#include <algorithm>
#include <string>

#include "adapter.hpp"
#include "lupine/error.hpp"

namespace lupine_bench {
namespace {

using lupine::Error;
using lupine::ErrorKind;

Error klu_error(const klu_common& common, const char* call) {
  const std::string where = std::string("KLU ") + call + ": ";
  switch (common.status) {
    case KLU_SINGULAR:
      return Error(ErrorKind::numerically_singular,
                   where + "singular matrix (column " + std::to_string(common.singular_col) + ")",
                   -1, common.singular_col);
    case KLU_OUT_OF_MEMORY:
      return Error(ErrorKind::out_of_memory, where + "out of memory");
    case KLU_INVALID:
      return Error(ErrorKind::invalid_matrix, where + "invalid input");
    case KLU_TOO_LARGE:
      return Error(ErrorKind::size_overflow, where + "integer overflow");
    default:
      return Error(ErrorKind::internal, where + "status " + std::to_string(common.status));
  }
}

/// KLU's real (klu_*) or complex (klu_z_*) numeric calls. The complex ones take interleaved
/// (real, imaginary) doubles, which std::complex<double> arrays are by the standard's layout
/// guarantee. KLU takes non-const pointers but does not write through the matrix's.
template <class Scalar>
struct Klu;

template <>
struct Klu<double> {
  static constexpr const char* factor_name = "klu_factor";
  static constexpr const char* refactor_name = "klu_refactor";
  static constexpr const char* solve_name = "klu_solve";
  static klu_numeric* factor(int* col_ptr, int* rows, const double* values, klu_symbolic* symbolic,
                             klu_common* common) {
    return klu_factor(col_ptr, rows, const_cast<double*>(values), symbolic, common);
  }
  static int refactor(int* col_ptr, int* rows, const double* values, klu_symbolic* symbolic,
                      klu_numeric* numeric, klu_common* common) {
    return klu_refactor(col_ptr, rows, const_cast<double*>(values), symbolic, numeric, common);
  }
  static int solve(klu_symbolic* symbolic, klu_numeric* numeric, int n, double* x,
                   klu_common* common) {
    return klu_solve(symbolic, numeric, n, 1, x, common);
  }
  static int flops(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common) {
    return klu_flops(symbolic, numeric, common);
  }
  static void free_numeric(klu_numeric** numeric, klu_common* common) {
    klu_free_numeric(numeric, common);
  }
};

template <>
struct Klu<Complex> {
  static constexpr const char* factor_name = "klu_z_factor";
  static constexpr const char* refactor_name = "klu_z_refactor";
  static constexpr const char* solve_name = "klu_z_solve";
  static double* interleaved(const Complex* values) {
    return reinterpret_cast<double*>(const_cast<Complex*>(values));
  }
  static klu_numeric* factor(int* col_ptr, int* rows, const Complex* values, klu_symbolic* symbolic,
                             klu_common* common) {
    return klu_z_factor(col_ptr, rows, interleaved(values), symbolic, common);
  }
  static int refactor(int* col_ptr, int* rows, const Complex* values, klu_symbolic* symbolic,
                      klu_numeric* numeric, klu_common* common) {
    return klu_z_refactor(col_ptr, rows, interleaved(values), symbolic, numeric, common);
  }
  static int solve(klu_symbolic* symbolic, klu_numeric* numeric, int n, Complex* x,
                   klu_common* common) {
    return klu_z_solve(symbolic, numeric, n, 1, interleaved(x), common);
  }
  static int flops(klu_symbolic* symbolic, klu_numeric* numeric, klu_common* common) {
    return klu_z_flops(symbolic, numeric, common);
  }
  static void free_numeric(klu_numeric** numeric, klu_common* common) {
    klu_z_free_numeric(numeric, common);
  }
};

template <class Scalar>
class KluAdapter : public SolverAdapterOf<Scalar> {
 public:
  KluAdapter() { klu_defaults(&common_); }
  ~KluAdapter() override {
    if (numeric_ != nullptr) Klu<Scalar>::free_numeric(&numeric_, &common_);
    if (symbolic_ != nullptr) klu_free_symbolic(&symbolic_, &common_);
  }
  KluAdapter(const KluAdapter&) = delete;
  KluAdapter& operator=(const KluAdapter&) = delete;

  void analyze(const MatrixOf<Scalar>& matrix) override {
    matrix_ = &matrix;
    symbolic_ = klu_analyze(matrix.cols(), col_ptr(), rows(), &common_);
    if (symbolic_ == nullptr) throw klu_error(common_, "klu_analyze");
  }

  void factor() override {
    numeric_ =
        Klu<Scalar>::factor(col_ptr(), rows(), matrix_->values().data(), symbolic_, &common_);
    if (numeric_ == nullptr) throw klu_error(common_, Klu<Scalar>::factor_name);
  }

  void refactor(const Scalar* values) override {
    if (Klu<Scalar>::refactor(col_ptr(), rows(), values, symbolic_, numeric_, &common_) != 1) {
      throw klu_error(common_, Klu<Scalar>::refactor_name);
    }
  }

  void solve(const Scalar* b, Scalar* x) override {
    const int n = matrix_->cols();
    std::copy(b, b + n, x);
    if (Klu<Scalar>::solve(symbolic_, numeric_, n, x, &common_) != 1) {
      throw klu_error(common_, Klu<Scalar>::solve_name);
    }
  }

  std::int64_t lu_nnz() override {
    return static_cast<std::int64_t>(numeric_->lnz) + numeric_->unz - matrix_->cols() +
           numeric_->nzoff;
  }

  double factor_flops() override {
    if (Klu<Scalar>::flops(symbolic_, numeric_, &common_) != 1) {
      throw klu_error(common_, "klu_flops");
    }
    return common_.flops;
  }

 private:
  int* col_ptr() const { return const_cast<int*>(matrix_->col_ptr().data()); }
  int* rows() const { return const_cast<int*>(matrix_->row_indices().data()); }

  klu_common common_{};
  klu_symbolic* symbolic_ = nullptr;
  klu_numeric* numeric_ = nullptr;
  const MatrixOf<Scalar>* matrix_ = nullptr;
};

}  // namespace

template <class Scalar>
std::unique_ptr<SolverAdapterOf<Scalar>> make_klu_adapter() {
  return std::make_unique<KluAdapter<Scalar>>();
}

template std::unique_ptr<SolverAdapterOf<double>> make_klu_adapter<double>();
template std::unique_ptr<SolverAdapterOf<Complex>> make_klu_adapter<Complex>();

}  // namespace lupine_bench
