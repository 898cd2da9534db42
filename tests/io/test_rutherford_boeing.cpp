// Rutherford-Boeing / Harwell-Boeing files written by hand, field by field: fixed Fortran
// columns with no blanks between numbers, D exponents and the other Fortran liberties.
#include <catch2/catch.hpp>
#include <complex>
#include <cstdint>
#include <string>
#include <vector>

#include "lupine/io.hpp"
#include "test_io_helpers.hpp"

using lupine::CscMatrix;
using lupine::ErrorKind;
using Complex = std::complex<double>;
using Rows = std::vector<std::vector<double>>;

namespace {

std::string right(const std::string& text, std::size_t width) {
  return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}
std::string left(const std::string& text, std::size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

std::string title(const std::string& text) {
  return left(text, 72) + "TESTKEY1\n";
}

/// Line 2: card counts in I14 fields (four for Rutherford-Boeing, five for Harwell-Boeing).
std::string counts(const std::vector<long>& values) {
  std::string line;
  for (long value : values) line += right(std::to_string(value), 14);
  return line + "\n";
}

/// Line 3: type (A3), 11 blanks, NROW NCOL NNZERO NELTVL (4I14).
std::string type_line(const std::string& type, long rows, long cols, long nnz) {
  return type + std::string(11, ' ') + counts({rows, cols, nnz, 0});
}

/// Line 4: PTRFMT (A16), INDFMT (A16), VALFMT (A20).
std::string formats(const std::string& pointers, const std::string& indices,
                    const std::string& values = "") {
  return left(pointers, 16) + left(indices, 16) + values + "\n";
}

template <class Scalar = double>
lupine::Error rb_error(const std::string& text) {
  return io_test::error_of([&] { lupine::parse_rutherford_boeing<Scalar>(text, "bad.rb"); });
}

}  // namespace

TEST_CASE("RUA with touching fields and D exponents, entry by entry", "[io][rutherford-boeing]") {
  // [ 1.5   0     -2   ]
  // [ 0     3.25   0   ]
  // [ 4e10  0      5e-3]
  const std::string text = title("RUA test: no blanks between numbers") + counts({5, 1, 1, 3, 0}) +
                           type_line("RUA", 3, 3, 5) + formats("(4I1)", "(5I1)", "(1P,2D12.5)") +
                           "1346\n"
                           "13213\n"
                           "+1.50000D+00+4.00000D+10\n"
                           "+3.25000D+00-2.00000D+00\n"
                           "+5.00000d-03\n";
  const CscMatrix<double> a = lupine::parse_rutherford_boeing<double>(text, "rua.rb");
  CHECK(a.rows() == 3);
  CHECK(a.cols() == 3);
  CHECK(a.col_ptr() == std::vector<int>{0, 2, 3, 5});
  CHECK(a.row_indices() == std::vector<int>{0, 2, 1, 0, 2});
  CHECK(a.values() == std::vector<double>{1.5, 4e10, 3.25, -2, 5e-3});
}

TEST_CASE("Fortran liberties: bare exponent signs, implied point, scale factor, blanks",
          "[io][rutherford-boeing]") {
  // One column of four values in E10.3 fields.
  const std::string text = title("Fortran number forms") + counts({3, 1, 1, 1}) +
                           type_line("RUA", 4, 1, 4) + formats("(2I3)", "(4I3)", "(4E10.3)") +
                           "  1  5\n"
                           "  1  2  3  4\n" +
                           right("1.5-300", 10) + right("12345", 10) + right("2.5d+02", 10) +
                           "-7.0E 01  \n";
  const CscMatrix<double> a = lupine::parse_rutherford_boeing<double>(text);
  CHECK(a.values() == std::vector<double>{1.5e-300, 12.345, 250, -70});

  // kP divides a value by 10^k on input, unless the field has its own exponent.
  const std::string scaled = title("scale factor") + counts({3, 1, 1, 1}) +
                             type_line("RUA", 2, 1, 2) + formats("(2I3)", "(2I3)", "(1P,2E10.2)") +
                             "  1  3\n"
                             "  1  2\n" +
                             right("1.5", 10) + right("1.5E+00", 10) + "\n";
  CHECK(lupine::parse_rutherford_boeing<double>(scaled).values() == std::vector<double>{0.15, 1.5});
}

TEST_CASE("repeated groups and X skips in a format", "[io][rutherford-boeing]") {
  // (3(1X,E11.4)): the column skipped by 1X may hold anything.
  const std::string text = title("groups") + counts({3, 1, 1, 1}) + type_line("RUA", 1, 3, 3) +
                           formats("(4I2)", "(3I2)", "(3(1X,E11.4))") + " 1 2 3 4\n 1 1 1\n" +
                           "X 1.2500E+00X-2.5000E+00X 3.7500E-01\n";
  CHECK(lupine::parse_rutherford_boeing<double>(text).values() ==
        std::vector<double>{1.25, -2.5, 0.375});
}

TEST_CASE("RSA and RZA are expanded, a Harwell-Boeing RHS header is skipped",
          "[io][rutherford-boeing]") {
  // Lower triangle of [4 -1 0; -1 0 2; 0 2 5]; a Harwell-Boeing header with RHSCRD = 1,
  // its fifth line, and right-hand-side data after the values.
  const std::string rsa = title("RSA with a right-hand side") + counts({5, 1, 1, 1, 1}) +
                          type_line("RSA", 3, 3, 4) +
                          formats("(10I3)", "(10I3)", left("(4E14.6)", 20) + "(4E14.6)") + "RHS" +
                          std::string(11, ' ') + counts({1, 0}) +
                          "  1  3  4  5\n"
                          "  1  2  3  3\n" +
                          right("4.000000E+00", 14) + right("-1.000000E+00", 14) +
                          right("2.000000E+00", 14) + right("5.000000E+00", 14) + "\n" +
                          right("9.0", 14) + right("8.0", 14) + right("7.0", 14) + "\n";
  const CscMatrix<double> s = lupine::parse_rutherford_boeing<double>(rsa);
  CHECK(io_test::dense(s) == Rows{{4, -1, 0}, {-1, 0, 2}, {0, 2, 5}});

  const std::string rza = title("skew") + counts({3, 1, 1, 1}) + type_line("RZA", 2, 2, 1) +
                          formats("(3I2)", "(1I2)", "(1E12.4)") + " 1 2 2\n 2\n" +
                          right("3.0000E+00", 12) + "\n";
  CHECK(io_test::dense(lupine::parse_rutherford_boeing<double, std::int64_t>(rza)) ==
        Rows{{0, -3}, {3, 0}});
}

TEST_CASE("PUA and PSA are patterns, read through read_matrix by extension",
          "[io][rutherford-boeing]") {
  io_test::TempDir folder;
  const std::string pua = title("pattern") + counts({2, 1, 1, 0}) + type_line("PUA", 2, 3, 3) +
                          formats("(4I2)", "(3I2)") + " 1 2 3 4\n 2 1 2\n";
  const std::string pua_path = folder.file("p.pua");
  io_test::write_bytes(pua_path, pua);
  bool pattern_only = false;
  const CscMatrix<double> p = lupine::read_matrix<double>(pua_path, &pattern_only);
  CHECK(pattern_only);
  CHECK(io_test::dense(p) == Rows{{0, 1, 0}, {1, 0, 1}});

  const std::string psa = title("symmetric pattern") + counts({2, 1, 1, 0}) +
                          type_line("PSA", 3, 3, 3) + formats("(4I2)", "(3I2)") +
                          " 1 3 4 4\n 1 3 3\n";
  const std::string psa_path = folder.file("p.psa.gz");
  io_test::gzip_file(psa_path, psa);
  const CscMatrix<double> s = lupine::read_matrix<double>(psa_path, &pattern_only);
  CHECK(pattern_only);
  CHECK(io_test::dense(s) == Rows{{1, 0, 1}, {0, 0, 1}, {1, 1, 0}});

  const std::string rua_path = folder.file("m.rb");
  io_test::write_bytes(rua_path, title("values") + counts({3, 1, 1, 1}) +
                                     type_line("RUA", 1, 1, 1) +
                                     formats("(2I2)", "(1I2)", "(E9.2)") + " 1 2\n 1\n 2.50E+00\n");
  CHECK(lupine::read_matrix<double>(rua_path, &pattern_only).values() == std::vector<double>{2.5});
  CHECK_FALSE(pattern_only);
}

TEST_CASE("CUA and CHA into complex scalars", "[io][rutherford-boeing][complex]") {
  // Values come as real, imaginary pairs.
  const std::string cha = title("hermitian") + counts({4, 1, 1, 2}) + type_line("CHA", 2, 2, 2) +
                          formats("(3I2)", "(2I2)", "(2E10.3)") + " 1 3 3\n 1 2\n" +
                          right("2.000E+00", 10) + right("0.000E+00", 10) + "\n" +
                          right("1.000E+00", 10) + right("-1.000E+00", 10) + "\n";
  const CscMatrix<Complex> h = lupine::parse_rutherford_boeing<Complex>(cha);
  CHECK(io_test::dense(h) ==
        std::vector<std::vector<Complex>>{{Complex(2, 0), Complex(1, 1)}, {Complex(1, -1), 0}});

  const std::string cua = title("unsymmetric") + counts({3, 1, 1, 1}) + type_line("CUA", 1, 2, 1) +
                          formats("(3I2)", "(1I2)", "(2E10.3)") + " 1 1 2\n 1\n" +
                          right("5.000E-01", 10) + right("2.500E+00", 10) + "\n";
  CHECK(lupine::parse_rutherford_boeing<Complex>(cua).values() ==
        std::vector<Complex>{Complex(0.5, 2.5)});

  const lupine::Error error = rb_error<double>(cua);
  CHECK(error.kind() == ErrorKind::unsupported);
  CHECK_THAT(error.what(), Catch::StartsWith("complex values need a complex scalar type"));
}

TEST_CASE("Rutherford-Boeing errors carry the line", "[io][rutherford-boeing][errors]") {
  const std::string head = title("errors") + counts({4, 2, 1, 1});
  {
    const lupine::Error error =
        rb_error(head + type_line("RUA", 2, 3, 2) + formats("(2I2)", "(2I2)", "(2E10.3)") +
                 " 1 2\n 1 3\n 1 2\n" + right("1.0", 10) + right("2.0", 10) + "\n");
    CHECK(error.kind() == ErrorKind::parse_error);
    CHECK(error.line() == 6);  // the second line of column pointers
    CHECK_THAT(error.what(), Catch::Contains("bad.rb:6: expected nondecreasing column pointers, "
                                             "found 1 for column 3 after 2"));
  }
  {
    const lupine::Error error = rb_error(head + type_line("RUA", 2, 1, 1) +
                                         formats("(2I2)", "(2I2)", "(2E10.3)") + " 2 2\n");
    CHECK(error.line() == 5);
    CHECK_THAT(error.what(), Catch::Contains("expected the first column pointer to be 1, found 2"));
  }
  {
    const lupine::Error error = rb_error(head + type_line("RUA", 2, 1, 1) +
                                         formats("(2I2)", "(2I2)", "(2E10.3)") + " 1 2\n 7\n");
    CHECK(error.line() == 6);
    CHECK_THAT(error.what(),
               Catch::Contains("row index 7 out of range: expected 1 <= row <= 2 (column 1)"));
  }
  {
    const lupine::Error error =
        rb_error(head + type_line("RUA", 2, 1, 2) + formats("(2I2)", "(2I2)", "(2E10.3)") +
                 " 1 3\n 1 2\n" + right("1.0", 10) + "\n");
    CHECK(error.line() == 7);
    CHECK_THAT(error.what(), Catch::Contains("expected value 2 of 2 in columns 11-20 (format "
                                             "(2E10.3)), found the end of the line"));
  }
  {
    const lupine::Error error =
        rb_error(head + type_line("RUA", 2, 1, 1) + formats("(2I2)", "(2I2)", "(2E10.3)") +
                 " 1 2\n 1\n" + right("1.0x", 10) + "\n");
    CHECK(error.line() == 7);
    CHECK_THAT(error.what(), Catch::Contains("expected a value (a real number) in columns 1-10, "
                                             "found '      1.0x'"));
  }
  {
    const lupine::Error error =
        rb_error(head + type_line("RUA", 2, 1, 1) + formats("(2Q2)", "(2I2)", "(2E10.3)"));
    CHECK(error.line() == 4);
    CHECK_THAT(error.what(), Catch::Contains("expected an edit descriptor"));
    CHECK_THAT(error.what(), Catch::Contains("PTRFMT format '(2Q2)'"));
  }
  {
    const lupine::Error error = rb_error(head + type_line("RXA", 2, 1, 1));
    CHECK(error.line() == 3);
    CHECK_THAT(error.what(), Catch::Contains("second letter is U (unsymmetric)"));
  }
  {
    const lupine::Error error = rb_error(head + type_line("RUE", 2, 1, 1));
    CHECK(error.kind() == ErrorKind::unsupported);
    CHECK(error.line() == 3);
  }
  {
    const lupine::Error error = rb_error(head);
    CHECK(error.line() == 3);
    CHECK_THAT(error.what(), Catch::Contains("found the end of the file"));
  }
  {
    const lupine::Error error = rb_error(title("x") + "    abc\n");
    CHECK(error.line() == 2);
    CHECK_THAT(error.what(), Catch::Contains("expected TOTCRD (an integer) in columns 1-14"));
  }
  {
    const lupine::Error error = rb_error(head + type_line("RSA", 2, 2, 2) +
                                         formats("(3I2)", "(2I2)", "(2E10.3)") + " 1 2 3\n 2 1\n");
    CHECK(error.line() == 6);
    CHECK_THAT(error.what(), Catch::Contains("expected entries of one triangle only"));
  }
}
