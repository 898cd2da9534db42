// Reading every Matrix Market variant: coordinate and array; real, integer, pattern,
// complex; general, symmetric, skew-symmetric, hermitian. Small files checked entry by entry.
#include <catch2/catch.hpp>
#include <complex>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lupine/io.hpp"
#include "test_io_helpers.hpp"

using lupine::CscMatrix;
using lupine::MatrixMarketField;
using lupine::MatrixMarketFormat;
using lupine::MatrixMarketHeader;
using lupine::MatrixMarketSymmetry;
using lupine::parse_matrix_market;
using Complex = std::complex<double>;
using Rows = std::vector<std::vector<double>>;
using ComplexRows = std::vector<std::vector<Complex>>;

TEST_CASE("coordinate real general: entries, header, sorted CSC", "[io][matrix-market]") {
  const std::string text =
      "%%MatrixMarket matrix coordinate real general\n"
      "% a comment\n"
      "3 4 5\n"
      "3 4 -2.5e-3\n"
      "1 1 1\n"
      "2 3 7.25\n"
      "1 4 0\n"
      "3 1 1e10\n";
  MatrixMarketHeader header;
  const CscMatrix<double> a = parse_matrix_market<double>(text, "general.mtx", &header);
  CHECK(header.format == MatrixMarketFormat::coordinate);
  CHECK(header.field == MatrixMarketField::real);
  CHECK(header.symmetry == MatrixMarketSymmetry::general);
  CHECK(header.rows == 3);
  CHECK(header.cols == 4);
  CHECK(header.stored_entries == 5);
  CHECK(a.nnz() == 5);  // the explicit zero (1,4) is an entry
  CHECK(a.col_ptr() == std::vector<int>{0, 2, 2, 3, 5});
  CHECK(a.row_indices() == std::vector<int>{0, 2, 1, 0, 2});
  CHECK(a.values() == std::vector<double>{1, 1e10, 7.25, 0, -2.5e-3});
}

TEST_CASE("coordinate: duplicates are summed in file order, unsorted input sorted",
          "[io][matrix-market]") {
  // Columns out of order after sorted ones, rows out of order, a triplicate.
  const std::string text =
      "%%MatrixMarket matrix coordinate real general\n"
      "3 3 7\n"
      "1 1 1\n"
      "3 2 2\n"
      "1 2 3\n"
      "2 1 4\n"
      "3 2 0.5\n"
      "1 1 0.25\n"
      "3 2 0.125\n";
  const CscMatrix<double> a = parse_matrix_market<double>(text);
  CHECK(io_test::dense(a) == Rows{{1.25, 3, 0}, {4, 0, 0}, {0, 2.625, 0}});
  CHECK(a.nnz() == 4);
  CHECK(a.row_indices() == std::vector<int>{0, 1, 0, 2});
}

TEST_CASE("coordinate integer general and skew-symmetric", "[io][matrix-market]") {
  const std::string general =
      "%%MatrixMarket matrix coordinate integer general\n"
      "2 2 3\n"
      "1 1 -7\n"
      "2 1 +12\n"
      "2 2 9007199254740993\n";
  const CscMatrix<double> a = parse_matrix_market<double>(general);
  CHECK(io_test::dense(a) == Rows{{-7, 0}, {12, 9007199254740992.0}});

  const std::string skew =
      "%%MatrixMarket matrix coordinate integer skew-symmetric\n"
      "3 3 2\n"
      "2 1 5\n"
      "3 2 -1\n";
  const CscMatrix<double> s = parse_matrix_market<double>(skew);
  CHECK(io_test::dense(s) == Rows{{0, -5, 0}, {5, 0, 1}, {0, -1, 0}});
  CHECK(s.nnz() == 4);
}

TEST_CASE("coordinate real symmetric: lower or upper triangle, same matrix",
          "[io][matrix-market]") {
  const std::string lower =
      "%%MatrixMarket matrix coordinate real symmetric\n"
      "3 3 4\n"
      "1 1 2.5\n"
      "2 1 -1\n"
      "3 2 4e-3\n"
      "3 3 7\n";
  const std::string upper =
      "%%MatrixMarket matrix coordinate real symmetric\n"
      "3 3 4\n"
      "1 1 2.5\n"
      "1 2 -1\n"
      "2 3 4e-3\n"
      "3 3 7\n";
  const Rows expected{{2.5, -1, 0}, {-1, 0, 4e-3}, {0, 4e-3, 7}};
  const CscMatrix<double> a = parse_matrix_market<double>(lower);
  const CscMatrix<double> b = parse_matrix_market<double>(upper);
  CHECK(io_test::dense(a) == expected);
  CHECK(a.nnz() == 6);
  CHECK(io_test::identical(a, b));
}

TEST_CASE("coordinate real skew-symmetric negates the mirror", "[io][matrix-market]") {
  const std::string text =
      "%%MatrixMarket matrix coordinate real skew-symmetric\n"
      "3 3 2\n"
      "2 1 3\n"
      "3 1 -0.5\n";
  const CscMatrix<double> a = parse_matrix_market<double>(text);
  CHECK(io_test::dense(a) == Rows{{0, -3, 0.5}, {3, 0, 0}, {-0.5, 0, 0}});
}

TEST_CASE("coordinate pattern general and symmetric get the value 1", "[io][matrix-market]") {
  const std::string general =
      "%%MatrixMarket matrix coordinate pattern general\n"
      "2 3 3\n"
      "1 3\n"
      "2 1\n"
      "1 3\n";  // a duplicate stays 1
  MatrixMarketHeader header;
  const CscMatrix<double> a = parse_matrix_market<double>(general, "p.mtx", &header);
  CHECK(header.field == MatrixMarketField::pattern);
  CHECK(io_test::dense(a) == Rows{{0, 0, 1}, {1, 0, 0}});
  CHECK(a.values().size() == 2);

  const std::string symmetric =
      "%%MatrixMarket matrix coordinate pattern symmetric\n"
      "3 3 3\n"
      "1 1\n"
      "3 1\n"
      "3 2\n";
  const CscMatrix<double> s = parse_matrix_market<double>(symmetric);
  CHECK(io_test::dense(s) == Rows{{1, 0, 1}, {0, 0, 1}, {1, 1, 0}});
}

TEST_CASE("coordinate complex: general, symmetric, skew-symmetric, hermitian",
          "[io][matrix-market][complex]") {
  const std::string head = "%%MatrixMarket matrix coordinate complex ";
  const std::string body =
      "2 2 2\n"
      "1 1 5 0\n"
      "2 1 1.5 -2\n";
  const Complex d(5, 0);
  const Complex z(1.5, -2);
  CHECK(io_test::dense(parse_matrix_market<Complex>(head + "general\n" + body)) ==
        ComplexRows{{d, 0}, {z, 0}});
  CHECK(io_test::dense(parse_matrix_market<Complex>(head + "symmetric\n" + body)) ==
        ComplexRows{{d, z}, {z, 0}});
  CHECK(io_test::dense(parse_matrix_market<Complex>(head + "hermitian\n" + body)) ==
        ComplexRows{{d, std::conj(z)}, {z, 0}});
  const std::string skew = head + "skew-symmetric\n2 2 1\n2 1 1.5 -2\n";
  CHECK(io_test::dense(parse_matrix_market<Complex>(skew)) == ComplexRows{{0, -z}, {z, 0}});
  // A real file read into a complex scalar gets zero imaginary parts.
  const CscMatrix<Complex, std::int64_t> r = parse_matrix_market<Complex, std::int64_t>(
      "%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n2 1 4\n");
  CHECK(io_test::dense(r) == ComplexRows{{0, 4}, {4, 0}});
}

TEST_CASE("array real general, symmetric and skew-symmetric", "[io][matrix-market]") {
  MatrixMarketHeader header;
  const CscMatrix<double> g = parse_matrix_market<double>(
      "%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n0\n5\n6\n", "g", &header);
  CHECK(header.format == MatrixMarketFormat::array);
  CHECK(header.stored_entries == 6);
  CHECK(io_test::dense(g) == Rows{{1, 3, 5}, {2, 0, 6}});
  CHECK(g.nnz() == 6);  // every value of an array file is an entry, zeros included

  const CscMatrix<double> s = parse_matrix_market<double>(
      "%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n", "s", &header);
  CHECK(header.stored_entries == 6);
  CHECK(io_test::dense(s) == Rows{{1, 2, 3}, {2, 4, 5}, {3, 5, 6}});

  const CscMatrix<double> k = parse_matrix_market<double>(
      "%%MatrixMarket matrix array integer skew-symmetric\n3 3\n1\n2\n3\n", "k", &header);
  CHECK(header.stored_entries == 3);
  CHECK(io_test::dense(k) == Rows{{0, -1, -2}, {1, 0, -3}, {2, 3, 0}});
}

TEST_CASE("array complex general and hermitian", "[io][matrix-market][complex]") {
  const CscMatrix<Complex> g = parse_matrix_market<Complex>(
      "%%MatrixMarket matrix array complex general\n2 1\n1 2\n-3 0.5\n");
  CHECK(io_test::dense(g) == ComplexRows{{Complex(1, 2)}, {Complex(-3, 0.5)}});
  const CscMatrix<Complex> h = parse_matrix_market<Complex>(
      "%%MatrixMarket matrix array complex hermitian\n2 2\n1 0\n2 3\n4 0\n");
  CHECK(io_test::dense(h) == ComplexRows{{1, Complex(2, -3)}, {Complex(2, 3), 4}});
}

TEST_CASE("blank lines, comments, CRLF, tabs and case are accepted", "[io][matrix-market]") {
  const std::string text =
      "%%MatrixMarket Matrix COORDINATE Real General\r\n"
      "%comment\r\n"
      "\r\n"
      "  2\t2  2 \r\n"
      "\r\n"
      "% between entries\r\n"
      "1\t1  +.5 \r\n"
      "\n"
      "   2 2 -7.E1\r\n"
      "% trailing comment";  // and no final newline
  const CscMatrix<double> a = parse_matrix_market<double>(text);
  CHECK(io_test::dense(a) == Rows{{0.5, 0}, {0, -70}});
}

TEST_CASE("empty matrices", "[io][matrix-market]") {
  const CscMatrix<double> a =
      parse_matrix_market<double>("%%MatrixMarket matrix coordinate real general\n0 0 0\n");
  CHECK(a.rows() == 0);
  CHECK(a.nnz() == 0);
  const CscMatrix<double> b =
      parse_matrix_market<double>("%%MatrixMarket matrix coordinate real general\n4 5 0\n");
  CHECK(b.rows() == 4);
  CHECK(b.cols() == 5);
  CHECK(b.col_ptr() == std::vector<int>(6, 0));
}

TEST_CASE("64-bit indices read the same matrix", "[io][matrix-market]") {
  const std::string text =
      "%%MatrixMarket matrix coordinate real symmetric\n4 4 3\n4 1 2\n2 2 1\n3 2 -1\n";
  const CscMatrix<double, std::int32_t> a = parse_matrix_market<double, std::int32_t>(text);
  const CscMatrix<double, std::int64_t> b = parse_matrix_market<double, std::int64_t>(text);
  CHECK(io_test::dense(a) == io_test::dense(b));
  CHECK(b.row_indices() == std::vector<std::int64_t>{3, 1, 2, 1, 0});
}

TEST_CASE("values are read exactly as strtod reads them", "[io][matrix-market][numbers]") {
  // Decimal texts of every shape: 1 to 25 significant digits, leading and trailing zeros,
  // points anywhere, exponents from far below the subnormals to far above the largest double.
  std::mt19937_64 random(20240611);
  std::vector<std::string> tokens = {"0",
                                     "-0",
                                     "0.0",
                                     "1",
                                     ".5",
                                     "5.",
                                     "+5.e-3",
                                     "1e308",
                                     "1.7976931348623157e308",
                                     "1.7976931348623158e308",
                                     "2.2250738585072011e-308",
                                     "2.2250738585072014e-308",
                                     "4.9406564584124654e-324",
                                     "2.4703282292062328e-324",
                                     "2.4703282292062327e-324",
                                     "1e-400",
                                     "9007199254740993",
                                     "9007199254740992.5",
                                     "0.1",
                                     "0.30000000000000004",
                                     "123456789012345678901234567890",
                                     "0.000000000000000000000000000000123456789012345678901"};
  for (int k = 0; k < 60000; ++k) {
    std::string token;
    if (random() % 2 == 0) token.push_back('-');
    const int digits = 1 + static_cast<int>(random() % 25);
    const int point = static_cast<int>(random() % (digits + 2)) - 1;  // -1: no point
    const int leading_zeros = random() % 4 == 0 ? static_cast<int>(random() % 5) : 0;
    token.append(static_cast<std::size_t>(leading_zeros), '0');
    for (int d = 0; d < digits; ++d) {
      if (d == point) token.push_back('.');
      token.push_back(static_cast<char>('0' + random() % 10));
    }
    if (point == digits) token.push_back('.');
    if (random() % 3 != 0) {
      token.push_back(random() % 2 == 0 ? 'e' : 'E');
      const int exponent = static_cast<int>(random() % 700) - 350;
      if (exponent >= 0 && random() % 2 == 0) token.push_back('+');
      token += std::to_string(exponent);
    }
    tokens.push_back(token);
  }
  // Every third token with an exponent is written with a Fortran 'd', which the fast path
  // (std::from_chars) stops at: those go through the reader's own decimal scanner, checked
  // against strtod on the same number written with 'e'.
  std::string text =
      "%%MatrixMarket matrix array real general\n" + std::to_string(tokens.size()) + " 1\n";
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    std::string token = tokens[k];
    const std::size_t exponent = token.find_first_of("eE");
    if (exponent != std::string::npos && k % 3 == 0) token[exponent] = 'd';
    text += token + "\n";
  }
  lupine::ReadOptions options;
  options.allow_non_finite = true;  // overflow reads as Inf, as strtod gives it
  const CscMatrix<double> a = lupine::parse_matrix_market<double>(text, "numbers", options);
  REQUIRE(a.nnz() == static_cast<int>(tokens.size()));
  int mismatches = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const double expected = std::strtod(tokens[k].c_str(), nullptr);
    const double got = a.values()[k];
    if (std::memcmp(&expected, &got, sizeof got) != 0 && mismatches++ < 10) {
      FAIL_CHECK(tokens[k] << ": read " << got << ", strtod gives " << expected);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("a comment line longer than the reading window", "[io][matrix-market]") {
  const std::string text = "%%MatrixMarket matrix coordinate real general\n%" +
                           std::string(9 << 20, 'c') + "\n2 2 1\n2 1 3.5\n";
  const CscMatrix<double> a = parse_matrix_market<double>(text);
  CHECK(io_test::dense(a) == Rows{{0, 0}, {3.5, 0}});
}

TEST_CASE("read_matrix recognises a Matrix Market file by its banner", "[io][matrix-market]") {
  io_test::TempDir folder;
  const std::string named = folder.file("matrix.txt");
  io_test::write_bytes(named, "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 2\n");
  bool pattern_only = true;
  CHECK(lupine::read_matrix<double>(named, &pattern_only).values() == std::vector<double>{2});
  CHECK_FALSE(pattern_only);
  const std::string other = folder.file("other.txt");
  io_test::write_bytes(other, "1 1 1\n");
  const lupine::Error error = io_test::error_of([&] { lupine::read_matrix<double>(other); });
  CHECK(error.kind() == lupine::ErrorKind::unsupported);
  CHECK_THAT(error.what(), Catch::Contains("cannot tell the format of '" + other + "'"));
}

TEST_CASE("dense reader: array and coordinate files, real and complex", "[io][matrix-market]") {
  MatrixMarketHeader header;
  const lupine::DenseMatrix<double> b = lupine::parse_matrix_market_dense<double>(
      "%%MatrixMarket matrix array real general\n3 2\n1\n2\n3\n4\n5\n6\n", "b", {}, &header);
  CHECK(b.rows == 3);
  CHECK(b.cols == 2);
  CHECK(b.data == std::vector<double>{1, 2, 3, 4, 5, 6});
  const lupine::DenseMatrix<double> s = lupine::parse_matrix_market_dense<double>(
      "%%MatrixMarket matrix coordinate real symmetric\n2 2 3\n1 1 1\n2 1 2\n2 1 0.5\n");
  CHECK(s.data == std::vector<double>{1, 2.5, 2.5, 0});
  const lupine::DenseMatrix<Complex> c = lupine::parse_matrix_market_dense<Complex>(
      "%%MatrixMarket matrix array complex general\n2 1\n1 -1\n0 2\n");
  CHECK(c.data == std::vector<Complex>{Complex(1, -1), Complex(0, 2)});
}
