// A small column-major dense matrix: right-hand sides, solutions, dense blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lupine {

template <class Scalar>
struct DenseMatrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<Scalar> data;  // column-major, leading dimension = rows

  DenseMatrix() = default;
  DenseMatrix(std::int64_t rows_, std::int64_t cols_, Scalar fill = Scalar{})
      : rows(rows_), cols(cols_), data(static_cast<std::size_t>(rows_ * cols_), fill) {}

  Scalar& operator()(std::int64_t i, std::int64_t j) {
    return data[static_cast<std::size_t>(i + j * rows)];
  }
  const Scalar& operator()(std::int64_t i, std::int64_t j) const {
    return data[static_cast<std::size_t>(i + j * rows)];
  }
  Scalar* column(std::int64_t j) { return data.data() + j * rows; }
  const Scalar* column(std::int64_t j) const { return data.data() + j * rows; }
};

}  // namespace lupine
