// Parsers over a window of text, shared by the public readers and read_matrix.
#pragma once

#include "io/text_file.hpp"
#include "lupine/io.hpp"

namespace lupine {
namespace io_detail {

/// Matrix Market text to CSC (see read_matrix_market); the window's name is used in
/// messages.
template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_matrix_market_text(LineWindow& window, const ReadOptions& options,
                                                  MatrixMarketHeader* header);

/// Rutherford-Boeing / Harwell-Boeing text to CSC (see read_rutherford_boeing);
/// `pattern_only`, when given, tells whether the type was P (no values in the file).
template <class Scalar, class Index>
CscMatrix<Scalar, Index> parse_rutherford_boeing_text(LineWindow& window,
                                                      const ReadOptions& options,
                                                      bool* pattern_only);

}  // namespace io_detail
}  // namespace lupine
