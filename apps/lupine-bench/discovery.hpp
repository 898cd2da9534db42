// Turns the command line's inputs (files, directories, manifests) into the matrices to run.
#pragma once

#include <string>
#include <vector>

namespace lupine_bench {

struct MatrixInput {
  std::string name;   // the file name without extension; a sequence's base name
  std::string group;  // the manifest's group column, else the folder name
  /// One matrix file, or the members of a _seqNN sequence in sequence order.
  std::vector<std::string> files;
};

/// Files named like matrices (.mtx, .mtx.gz, .rb, .rua, .rsa, .pua, .psa, .cua, .csa, .cha),
/// right-hand-side files (<name>_b.mtx[.gz]) excluded.
bool is_matrix_file(const std::string& path);
bool is_right_hand_side_file(const std::string& path);

/// The file name without folder and extension: "a/b/west0067.mtx.gz" -> "west0067".
std::string matrix_name(const std::string& path);

/// <name>_b.mtx.gz or <name>_b.mtx beside the matrix file, or "" when there is none.
std::string right_hand_side_path(const std::string& matrix_path);

/// The matrix file beside a right-hand side file (name_b.mtx -> name.mtx, .mtx.gz, ...),
/// or "" when there is none.
std::string matrix_of_right_hand_side(const std::string& rhs_path);

/// In input order (directories sorted by path, manifests in their order); a sequence takes
/// the place of its first member; a file named twice is kept once; a right-hand side named
/// beside its matrix is passed over. Throws UsageError for an input that does not exist, a
/// file that is not a matrix, a right-hand side without its matrix, or an unreadable
/// manifest.
std::vector<MatrixInput> discover_matrices(const std::vector<std::string>& inputs);

}  // namespace lupine_bench
