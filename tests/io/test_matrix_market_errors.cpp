// Every kind of malformed Matrix Market input gets an Error that names the file and line and
// says what was expected there.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <string>

#include "lupine/io.hpp"
#include "test_io_helpers.hpp"

using lupine::ErrorKind;

namespace {

const std::string coordinate_banner = "%%MatrixMarket matrix coordinate real general\n";

/// Parses `text` (named "bad.mtx") and checks the error: kind, line and message text.
template <class Scalar = double, class Index = std::int32_t>
void check_error(const std::string& text, std::int64_t line, const std::string& message,
                 ErrorKind kind = ErrorKind::parse_error) {
  const lupine::Error error =
      io_test::error_of([&] { lupine::parse_matrix_market<Scalar, Index>(text, "bad.mtx"); });
  INFO("message: " << error.what());
  CHECK(error.kind() == kind);
  CHECK(error.line() == line);
  CHECK_THAT(error.what(), Catch::StartsWith("bad.mtx:" + std::to_string(line) + ": "));
  CHECK_THAT(error.what(), Catch::Contains(message));
}

}  // namespace

TEST_CASE("banner errors", "[io][matrix-market][errors]") {
  check_error("", 1,
              "expected the banner '%%MatrixMarket matrix <format> <field> <symmetry>' "
              "on the first line, found an empty file");
  check_error("3 3 1\n1 1 1\n", 1, "expected the banner");
  check_error("3 3 1\n1 1 1\n", 1, "found '3 3 1'");
  check_error("%MatrixMarket matrix coordinate real general\n1 1 0\n", 1, "expected the banner");
  check_error("%%MatrixMarket\n1 1 0\n", 1,
              "expected the object 'matrix' in the banner '%%MatrixMarket matrix <format> "
              "<field> <symmetry>', found the end of the line");
  check_error("%%MatrixMarket vector coordinate real general\n1 1 0\n", 1,
              "expected the object 'matrix' in the banner, found 'vector'");
  check_error("%%MatrixMarket matrix sparse real general\n1 1 0\n", 1,
              "expected the format 'coordinate' or 'array' in the banner, found 'sparse'");
  check_error("%%MatrixMarket matrix coordinate float general\n1 1 0\n", 1,
              "expected the field 'real', 'integer', 'complex' or 'pattern' in the banner, found "
              "'float'");
  check_error("%%MatrixMarket matrix coordinate real upper\n1 1 0\n", 1,
              "expected the symmetry 'general', 'symmetric', 'skew-symmetric' or 'hermitian' in "
              "the banner, found 'upper'");
  check_error("%%MatrixMarket matrix coordinate real\n1 1 0\n", 1,
              "expected the symmetry 'general', 'symmetric', 'skew-symmetric' or 'hermitian' in "
              "the banner '%%MatrixMarket matrix <format> <field> <symmetry>', found the end of "
              "the line");
  check_error("%%MatrixMarket matrix coordinate real general extra\n1 1 0\n", 1,
              "expected the end of the banner after the symmetry, found 'extra'");
  check_error("%%MatrixMarket matrix array pattern general\n1 1\n", 1,
              "expected the field 'real', 'integer' or 'complex' for the array format");
  check_error<std::complex<double>>("%%MatrixMarket matrix coordinate real hermitian\n1 1 0\n", 1,
                                    "expected the field 'complex' with the symmetry 'hermitian', "
                                    "found 'real'");
  check_error("%%MatrixMarket matrix coordinate pattern skew-symmetric\n1 1 0\n", 1,
              "expected the symmetry 'general' or 'symmetric' for a pattern file");
}

TEST_CASE("size line errors", "[io][matrix-market][errors]") {
  // The end of a file is reported on the line after its last one, where the data is missing.
  check_error(coordinate_banner + "% only comments\n\n", 4,
              "expected the size line 'rows columns entries', found the end of the file");
  check_error(coordinate_banner + "3 x 1\n", 2,
              "expected the number of columns (a nonnegative integer) on the size line, found "
              "'x'");
  check_error(coordinate_banner + "3.5 3 1\n", 2,
              "expected the number of rows (a nonnegative integer) on the size line, found '3.5'");
  check_error(coordinate_banner + "-3 3 1\n", 2,
              "expected a nonnegative number of rows on the size line, found '-3'");
  check_error(coordinate_banner + "% comment\n3 3\n", 3,
              "expected the size line 'rows columns entries' (3 numbers), found 2 numbers");
  check_error(coordinate_banner + "3 3 1 1\n", 2,
              "expected the size line 'rows columns entries' (3 numbers), found 4 numbers");
  check_error("%%MatrixMarket matrix array real general\n3\n", 2,
              "expected the size line 'rows columns' (2 numbers), found 1 number");
  check_error("%%MatrixMarket matrix coordinate real symmetric\n3 4 0\n", 2,
              "expected a square matrix for the symmetry 'symmetric', found 3 x 4");
}

TEST_CASE("size overflow errors", "[io][matrix-market][errors]") {
  check_error(coordinate_banner + "99999999999999999999999 3 1\n", 2,
              "the number of rows '99999999999999999999999' on the size line does not fit a "
              "64-bit integer",
              ErrorKind::size_overflow);
  check_error(coordinate_banner + "3000000000 3 0\n", 2,
              "the number of rows 3000000000 does not fit the 32-bit index type",
              ErrorKind::size_overflow);
  check_error(coordinate_banner + "3 3 2147483648\n", 2,
              "the number of entries 2147483648 does not fit the 32-bit index type",
              ErrorKind::size_overflow);
  check_error("%%MatrixMarket matrix array real general\n100000 100000\n", 2,
              "the number of entries 10000000000 does not fit the 32-bit index type",
              ErrorKind::size_overflow);
  check_error<double, std::int64_t>(
      "%%MatrixMarket matrix array real general\n9223372036854775807 2\n", 2,
      "the array of 9223372036854775807 x 2 values does not fit a 64-bit count",
      ErrorKind::size_overflow);
  // A declared size far beyond what the text holds must not make the reader claim the
  // memory for it: 46341 x 46341 symmetric is 1073767311 stored values, 2147488281 after
  // expansion (more than int32 counts); the missing values are found first.
  const lupine::Error error = io_test::error_of([] {
    lupine::parse_matrix_market<double>("%%MatrixMarket matrix array real symmetric\n46341 46341\n",
                                        "big.mtx");
  });
  CHECK(error.kind() == ErrorKind::parse_error);
  CHECK(error.line() == 3);
  CHECK_THAT(error.what(), Catch::Contains("expected value 1 of the 1073767311"));
}

TEST_CASE("entry count errors", "[io][matrix-market][errors]") {
  check_error(coordinate_banner + "3 3 3\n1 1 1\n\n% comment\n2 2 2\n", 7,
              "expected entry 3 of the 3 declared on line 2, found the end of the file");
  check_error(coordinate_banner + "3 3 2\n1 1 1\n2 2 2\n% fine\n3 3 3\n", 6,
              "expected the end of the file after the 2 entries declared on line 2, found "
              "another line of data");
  check_error("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", 6,
              "expected value 4 of the 4 that the size line (line 2) declares, found the end of "
              "the file");
  check_error("%%MatrixMarket matrix array real general\n1 1\n1\n2\n", 4,
              "expected the end of the file after the 1 values that the size line (line 2) "
              "declares, found another line of data");
}

TEST_CASE("index errors name the index and the bound", "[io][matrix-market][errors]") {
  check_error(coordinate_banner + "3 4 2\n1 1 1\n5 2 1\n", 4,
              "row index 5 out of range: expected 1 <= row <= 3");
  check_error(coordinate_banner + "3 4 1\n1 0 1\n", 3,
              "column index 0 out of range: expected 1 <= column <= 4 (indices are 1-based)");
  check_error(coordinate_banner + "3 4 1\n1 99999999999999999999999 1\n", 3,
              "column index 99999999999999999999999 out of range: expected 1 <= column <= 4");
  check_error(coordinate_banner + "3 4 1\n-1 2 1\n", 3,
              "expected a row index (a positive integer) in 1..3, found '-1'");
  check_error(coordinate_banner + "3 4 1\n1 b 1\n", 3,
              "expected a column index (a positive integer), found 'b'");
  check_error(coordinate_banner + "3 4 1\n1.0 2 1\n", 3,
              "expected a row index (a positive integer), found '1.0'");
}

TEST_CASE("value errors", "[io][matrix-market][errors]") {
  check_error(coordinate_banner + "3 3 1\n1 1 abc\n", 3, "expected a real value, found 'abc'");
  check_error(coordinate_banner + "3 3 1\n1 1 1.2.3\n", 3, "expected a real value, found '1.2.3'");
  check_error(coordinate_banner + "3 3 1\n1 1 1e\n", 3, "expected a real value, found '1e'");
  check_error(coordinate_banner + "3 3 1\n1 1 nan\n", 3,
              "expected a real value that is finite, found 'nan' (NaN and Inf values are "
              "rejected)");
  check_error(coordinate_banner + "3 3 1\n1 1 -Infinity\n", 3,
              "expected a real value that is finite, found '-Infinity'");
  check_error(coordinate_banner + "3 3 1\n1 1 1e999\n", 3,
              "expected a real value within the range of double, found '1e999', which overflows");
  check_error("%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 1 1.5\n", 3,
              "expected an integer value, found '1.5'");
  check_error("%%MatrixMarket matrix coordinate integer general\n3 3 1\n1 1 99999999999999999999\n",
              3, "expected an integer value that fits 64 bits, found '99999999999999999999'");
  check_error<std::complex<double>>(
      "%%MatrixMarket matrix coordinate complex general\n3 3 1\n1 1 1 x\n", 3,
      "expected an imaginary part (a real number), found 'x'");
  check_error("%%MatrixMarket matrix array real general\n1 1\n\n% comment\nnan\n", 5,
              "expected a real value that is finite, found 'nan'");
}

TEST_CASE("non-finite values are read when allowed", "[io][matrix-market]") {
  lupine::ReadOptions options;
  options.allow_non_finite = true;
  const lupine::CscMatrix<double> a = lupine::parse_matrix_market<double>(
      coordinate_banner + "3 1 3\n1 1 NaN\n2 1 -inf\n3 1 1e400\n", "ok.mtx", options);
  CHECK(std::isnan(a.values()[0]));
  CHECK(a.values()[1] == -std::numeric_limits<double>::infinity());
  CHECK(a.values()[2] == std::numeric_limits<double>::infinity());
}

TEST_CASE("token count errors", "[io][matrix-market][errors]") {
  check_error(coordinate_banner + "3 3 2\n1 1 1\n2 2\n", 4,
              "expected 3 numbers 'row column value' on an entry line, found 2");
  check_error(coordinate_banner + "3 3 2\n1 1 1\n2 2 2 2\n", 4,
              "expected 3 numbers 'row column value' on an entry line, found 4");
  check_error(coordinate_banner + "3 3 1\n1 1 1 % no comments after data\n", 3,
              "expected 3 numbers 'row column value' on an entry line, found 8");
  check_error("%%MatrixMarket matrix coordinate pattern general\n3 3 1\n1 1 1\n", 3,
              "expected 2 numbers 'row column' on an entry line, found 3");
  check_error<std::complex<double>>(
      "%%MatrixMarket matrix coordinate complex general\n3 3 1\n1 1 1\n", 3,
      "expected 4 numbers 'row column real imaginary' on an entry line, found 3");
  check_error("%%MatrixMarket matrix array real general\n2 1\n1\n2 3\n", 4,
              "expected 1 number 'value' on a line of an array file, found 2");
  check_error<std::complex<double>>("%%MatrixMarket matrix array complex general\n1 1\n1\n", 3,
                                    "expected 2 numbers 'real imaginary' on a line of an array "
                                    "file, found 1");
}

TEST_CASE("symmetric storage errors", "[io][matrix-market][errors]") {
  check_error("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1\n2 2 1\n", 4,
              "expected an entry off the diagonal (the diagonal of a skew-symmetric matrix is "
              "zero and is not stored), found entry (2, 2)");
  check_error("%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n2 1 1\n3 3 1\n1 3 1\n", 5,
              "expected entries of one triangle only (a symmetric file stores either the lower "
              "or the upper triangle), found entry (1, 3) above the diagonal after one below it "
              "on line 3");
  check_error<std::complex<double>>(
      "%%MatrixMarket matrix coordinate complex hermitian\n2 2 1\n2 2 1 0.5\n", 3,
      "expected a real diagonal entry in a hermitian matrix, found entry (2, 2)");
}

TEST_CASE("complex files need a complex scalar", "[io][matrix-market][errors]") {
  const lupine::Error error = io_test::error_of([] {
    lupine::parse_matrix_market<double>(
        "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", "z.mtx");
  });
  CHECK(error.kind() == ErrorKind::unsupported);
  CHECK_THAT(error.what(), Catch::StartsWith("complex values need a complex scalar type"));
  CHECK_THAT(error.what(), Catch::Contains("z.mtx"));
}

TEST_CASE("errors deep in a large file carry the right line", "[io][matrix-market][errors]") {
  // Long enough that the reader goes through several windows of text before the bad line.
  std::string text = coordinate_banner + "% a comment line\n1000 1000 400000\n";
  for (int k = 0; k < 400000; ++k) {
    const int row = k % 1000 + 1;
    const int col = k / 400 + 1;
    text += std::to_string(row) + " " + std::to_string(col) + " " +
            (k == 345678 ? std::string("0x1p3") : std::to_string(k) + ".25") + "\n";
  }
  check_error(text, 345678 + 4, "expected a real value, found '0x1p3'");
}

TEST_CASE("control bytes in a bad token are shown escaped", "[io][matrix-market][errors]") {
  const std::string text = coordinate_banner + "2 2 1\n1 1 1" + std::string(1, '\0') + "5\n";
  check_error(text, 3, "expected a real value, found '1\\x005'");
}
