// Overloads that route int32 and int64 index arrays to the int and SuiteSparse_long entry
// points of BTF, AMD and COLAMD, so the callers stay templated on Index.
#pragma once

#include <cstdint>
#include <type_traits>

extern "C" {
#include <amd.h>
#include <btf.h>
#include <colamd.h>
}

namespace lupine::detail::suitesparse {

static_assert(std::is_same<SuiteSparse_long, long>::value ||
                  std::is_same<SuiteSparse_long, long long>::value,
              "SuiteSparse_long must be a 64-bit integer");

// SuiteSparse's C interfaces take non-const arrays that they only read.
template <class T>
T* mutable_input(const T* pointer) {
  return const_cast<T*>(pointer);
}

inline int btf_order(int n, const int* col_ptr, const int* rows, double* work, int* row_perm,
                     int* col_perm, int* block_start, int* matched, int* scratch) {
  return ::btf_order(n, mutable_input(col_ptr), mutable_input(rows), 0.0, work, row_perm, col_perm,
                     block_start, matched, scratch);
}
inline std::int64_t btf_order(std::int64_t n, const std::int64_t* col_ptr, const std::int64_t* rows,
                              double* work, std::int64_t* row_perm, std::int64_t* col_perm,
                              std::int64_t* block_start, std::int64_t* matched,
                              std::int64_t* scratch) {
  SuiteSparse_long nmatch = 0;
  auto as_long = [](const std::int64_t* p) {
    return reinterpret_cast<SuiteSparse_long*>(const_cast<std::int64_t*>(p));
  };
  const SuiteSparse_long blocks =
      ::btf_l_order(n, as_long(col_ptr), as_long(rows), 0.0, work, as_long(row_perm),
                    as_long(col_perm), as_long(block_start), &nmatch, as_long(scratch));
  *matched = nmatch;
  return blocks;
}

inline int btf_maxtrans(int n, const int* col_ptr, const int* rows, int* match, int* scratch) {
  double work = 0;
  return ::btf_maxtrans(n, n, mutable_input(col_ptr), mutable_input(rows), 0.0, &work, match,
                        scratch);
}
inline std::int64_t btf_maxtrans(std::int64_t n, const std::int64_t* col_ptr,
                                 const std::int64_t* rows, std::int64_t* match,
                                 std::int64_t* scratch) {
  double work = 0;
  auto as_long = [](const std::int64_t* p) {
    return reinterpret_cast<SuiteSparse_long*>(const_cast<std::int64_t*>(p));
  };
  return ::btf_l_maxtrans(n, n, as_long(col_ptr), as_long(rows), 0.0, &work, as_long(match),
                          as_long(scratch));
}

inline int amd_order(int n, const int* col_ptr, const int* rows, int* perm, double* control,
                     double* info) {
  return ::amd_order(n, col_ptr, rows, perm, control, info);
}
inline std::int64_t amd_order(std::int64_t n, const std::int64_t* col_ptr, const std::int64_t* rows,
                              std::int64_t* perm, double* control, double* info) {
  return ::amd_l_order(n, reinterpret_cast<const SuiteSparse_long*>(col_ptr),
                       reinterpret_cast<const SuiteSparse_long*>(rows),
                       reinterpret_cast<SuiteSparse_long*>(perm), control, info);
}

inline std::size_t colamd_recommended(int nnz, int rows, int cols) {
  return ::colamd_recommended(nnz, rows, cols);
}
inline std::size_t colamd_recommended(std::int64_t nnz, std::int64_t rows, std::int64_t cols) {
  return ::colamd_l_recommended(nnz, rows, cols);
}
inline int colamd(int rows, int cols, int length, int* indices, int* col_ptr, double* knobs,
                  int* stats) {
  return ::colamd(rows, cols, length, indices, col_ptr, knobs, stats);
}
inline std::int64_t colamd(std::int64_t rows, std::int64_t cols, std::int64_t length,
                           std::int64_t* indices, std::int64_t* col_ptr, double* knobs,
                           std::int64_t* stats) {
  SuiteSparse_long long_stats[COLAMD_STATS];
  const auto ok = ::colamd_l(rows, cols, length, reinterpret_cast<SuiteSparse_long*>(indices),
                             reinterpret_cast<SuiteSparse_long*>(col_ptr), knobs, long_stats);
  for (int k = 0; k < COLAMD_STATS; ++k) stats[k] = long_stats[k];
  return ok;
}

}  // namespace lupine::detail::suitesparse
