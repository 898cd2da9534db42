/*
 * The SMP matrix layer of ngspice (src/include/ngspice/smpdefs.h) over Lupine's C API.
 *
 * Built instead of src/maths/sparse/spsmp.c when ngspice is configured --with-lupine;
 * Kundert's Sparse stays in the program for the code that uses it directly (CIDER's device
 * matrices, ngmultidec), not for the circuit matrix.
 *
 * How the SMP contract maps onto Lupine:
 *
 * - Elements. SMPmakeElt hands a device a pointer to a {re, im} pair that stays valid for the
 *   life of the matrix: the pairs live in fixed blocks that never move, and a hash table finds
 *   an existing (row, col). Row or column 0 (ground) gets a trash pair nobody reads. The
 *   matrix grows as elements are made; SMPmatSize is the largest index seen (or the size
 *   given to SMPnewMatrix).
 *
 * - Pattern. The first factorization after elements were made (SMPpreOrder, or a factor call
 *   when the pattern has grown since) builds the CSC pattern over the indices in use,
 *   numbered compactly in ascending order, and the map from elements to Lupine's value
 *   slots; lupine_analyze runs once per pattern. Devices write into their pairs; each
 *   factorization gathers those pairs into the value array in slot order (one pass over a
 *   precomputed permutation: O(nnz), no search).
 *
 * - Factorizations. SMPreorder / SMPcReorder run a pivoting factorization with ngspice's
 *   relative pivot threshold; SMPluFac / SMPcLUfac refactor with the last pivot sequence,
 *   and when Lupine's guard rejects a reused pivot, lupine_refactor pivots afresh in the same
 *   call (counted as a re-pivot). So ngspice's "E_SINGULAR from SMPluFac, reload and
 *   SMPreorder" round trip only happens for a matrix that is singular with fresh pivots too,
 *   which is then reported, as by Sparse, with the singular row and column. Gmin is added to
 *   the diagonal entries (i, i) present in the pattern, in the gathered values (the pairs
 *   the devices write are left as they are).
 *
 * - One matrix, two scalar types: real analyses read re, AC / noise / pole-zero read
 *   {re, im}. One analysis serves a lupine_numeric and a lupine_znumeric; the solves use the
 *   kind of the last factorization, as Sparse does.
 *
 * Environment: NGSPICE_LUPINE_THREADS (worker threads, default 1), NGSPICE_LUPINE_STATS=1
 * (print factor, refactor and re-pivot counts to stderr when a matrix is destroyed, or at
 * exit), NGSPICE_LUPINE_OPTIONS (other Lupine options, for experiments).
 */

#include "ngspice/ngspice.h"
#include "ngspice/smpdefs.h"
#include "ngspice/sperror.h"

#include <lupine/lupine.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Element pairs are allocated in blocks of 2^BLOCK_SHIFT; a block never moves. */
#define BLOCK_SHIFT 12
#define BLOCK_SIZE (1 << BLOCK_SHIFT)
#define BLOCK_MASK (BLOCK_SIZE - 1)

enum factor_kind { FACTOR_NONE = 0, FACTOR_REAL, FACTOR_COMPLEX };

struct MatrixFrame {
    int ext_size; /* SMPmatSize: the largest index seen, or the initial size */

    /* Elements, in the order they were made. */
    int element_count;
    int element_capacity;
    int *element_row; /* external (ngspice) row, 1-based */
    int *element_col;
    double **blocks; /* blocks[k >> BLOCK_SHIFT] + 2 * (k & BLOCK_MASK) is element k */
    int block_count;
    int block_capacity;
    double trash[2]; /* where row or column 0 goes */

    /* (row, col) -> element index + 1 (0: empty slot), open addressing. */
    uint64_t *hash_keys;
    int *hash_values;
    size_t hash_capacity; /* a power of two */

    /* The pattern; valid when pattern_elements == element_count. */
    int pattern_elements; /* element_count when the pattern was built; -1: none */
    int n;                /* order: external indices in use */
    int *ext_to_int;      /* [ext_size + 1]; -1: index not in use */
    int *int_to_ext;      /* [n] */
    int *element_slot;    /* [element_count]: element k -> value slot */
    int *diagonal_slots;  /* the value slots of the entries (i, i), for Gmin */
    int diagonal_count;
    double *values;  /* [nnz] */
    double *zvalues; /* [2 nnz], interleaved re/im */
    double *rhs;     /* [2 n] */
    double *workspace;
    size_t workspace_size;
    double analysis_pivot_threshold;
    /* PivRel of the last SMPreorder / SMPcReorder: the threshold of the re-pivots that
     * SMPluFac / SMPcLUfac fall back to. */
    double pivot_threshold;
    /* A pattern that lupine_analyze found structurally singular: no symbolic, and the row
     * and column it named, reported by every factorization until the pattern changes. */
    int pattern_singular;
    int pattern_singular_row, pattern_singular_col;

    lupine_options *options;
    lupine_symbolic *symbolic;
    lupine_numeric *numeric;
    lupine_znumeric *znumeric;

    enum factor_kind factored; /* the kind of the last successful factorization */
    /* The last factorization met NaN or Inf in the values: as with Sparse, which factors and
     * solves them, ngspice gets a NaN solution (its convergence test then reports the node)
     * rather than a singular matrix. */
    int poisoned;
    int singular_row; /* external, 0 when not known */
    int singular_col;
    int error; /* ngspice error code of the last factorization */

    SMPmatrix *next_live; /* the matrices not destroyed yet, for NGSPICE_LUPINE_STATS */
    /* counts for NGSPICE_LUPINE_STATS */
    long analyses, factors, refactors, repivots, complex_factors, complex_refactors,
        complex_repivots;
};

static int
grow_array(void **array, size_t element_size, int *capacity, int needed)
{
    int new_capacity;
    void *grown;
    if (needed <= *capacity)
        return OK;
    new_capacity = *capacity ? *capacity : 64;
    while (new_capacity < needed)
        new_capacity *= 2;
    grown = realloc(*array, (size_t) new_capacity * element_size);
    if (!grown)
        return E_NOMEM;
    *array = grown;
    *capacity = new_capacity;
    return OK;
}

static uint64_t
hash_key(int row, int col)
{
    return ((uint64_t) (uint32_t) row << 32) | (uint32_t) col;
}

static size_t
hash_position(uint64_t key, size_t capacity)
{
    /* Fibonacci hashing: the top bits of key times 2^64 / phi. */
    uint64_t h = key * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t) (h >> 32) & (capacity - 1);
}

static int
hash_grow(SMPmatrix *matrix)
{
    size_t capacity = matrix->hash_capacity ? 2 * matrix->hash_capacity : 1024;
    uint64_t *keys = calloc(capacity, sizeof *keys);
    int *values = calloc(capacity, sizeof *values);
    size_t i;
    if (!keys || !values) {
        free(keys);
        free(values);
        return E_NOMEM;
    }
    for (i = 0; i < matrix->hash_capacity; i++) {
        if (matrix->hash_values[i]) {
            size_t p = hash_position(matrix->hash_keys[i], capacity);
            while (values[p])
                p = (p + 1) & (capacity - 1);
            keys[p] = matrix->hash_keys[i];
            values[p] = matrix->hash_values[i];
        }
    }
    free(matrix->hash_keys);
    free(matrix->hash_values);
    matrix->hash_keys = keys;
    matrix->hash_values = values;
    matrix->hash_capacity = capacity;
    return OK;
}

static double *
element_pair(const SMPmatrix *matrix, int k)
{
    return matrix->blocks[k >> BLOCK_SHIFT] + 2 * (k & BLOCK_MASK);
}

/* The element index of (row, col), or -1. */
static int
find_element(const SMPmatrix *matrix, int row, int col)
{
    uint64_t key;
    size_t p;
    if (!matrix->hash_capacity)
        return -1;
    key = hash_key(row, col);
    p = hash_position(key, matrix->hash_capacity);
    while (matrix->hash_values[p]) {
        if (matrix->hash_keys[p] == key)
            return matrix->hash_values[p] - 1;
        p = (p + 1) & (matrix->hash_capacity - 1);
    }
    return -1;
}

static double *
make_element(SMPmatrix *matrix, int row, int col)
{
    int k = find_element(matrix, row, col);
    size_t p;
    uint64_t key;
    if (k >= 0)
        return element_pair(matrix, k);

    k = matrix->element_count;
    if (k + 1 > matrix->element_capacity) {
        /* Both arrays first, then the capacity: a failure leaves them consistent. */
        int capacity = matrix->element_capacity ? 2 * matrix->element_capacity : 1024;
        int *rows, *cols;
        rows = realloc(matrix->element_row, (size_t) capacity * sizeof(int));
        if (!rows)
            return NULL;
        matrix->element_row = rows;
        cols = realloc(matrix->element_col, (size_t) capacity * sizeof(int));
        if (!cols)
            return NULL;
        matrix->element_col = cols;
        matrix->element_capacity = capacity;
    }
    if ((k >> BLOCK_SHIFT) >= matrix->block_count) {
        double *block;
        if (grow_array((void **) &matrix->blocks, sizeof(double *), &matrix->block_capacity,
                       matrix->block_count + 1) != OK)
            return NULL;
        block = calloc(2 * BLOCK_SIZE, sizeof(double));
        if (!block)
            return NULL;
        matrix->blocks[matrix->block_count++] = block;
    }
    if (2 * ((size_t) k + 1) > matrix->hash_capacity && hash_grow(matrix) != OK)
        return NULL;

    key = hash_key(row, col);
    p = hash_position(key, matrix->hash_capacity);
    while (matrix->hash_values[p])
        p = (p + 1) & (matrix->hash_capacity - 1);
    matrix->hash_keys[p] = key;
    matrix->hash_values[p] = k + 1;
    matrix->element_row[k] = row;
    matrix->element_col[k] = col;
    matrix->element_count = k + 1;
    if (row > matrix->ext_size)
        matrix->ext_size = row;
    if (col > matrix->ext_size)
        matrix->ext_size = col;
    return element_pair(matrix, k);
}

static int
lupine_to_ngspice_error(lupine_status status)
{
    switch (status) {
    case LUPINE_OK:
        return OK;
    case LUPINE_ERROR_OUT_OF_MEMORY:
    case LUPINE_ERROR_MEMORY_LIMIT:
        return E_NOMEM;
    case LUPINE_ERROR_STRUCTURALLY_SINGULAR:
    case LUPINE_ERROR_NUMERICALLY_SINGULAR:
    case LUPINE_ERROR_NON_FINITE:
        return E_SINGULAR;
    default:
        return E_BADMATRIX;
    }
}

/* Records the singular row and column of Lupine's last error, in ngspice's numbering. */
static void
record_error(SMPmatrix *matrix, lupine_status status)
{
    lupine_error_info info;
    int row = 0, col = 0;
    matrix->error = lupine_to_ngspice_error(status);
    lupine_last_error(&info);
    if (info.row >= 0 && info.row < matrix->n)
        row = matrix->int_to_ext[info.row];
    if (info.column >= 0 && info.column < matrix->n)
        col = matrix->int_to_ext[info.column];
    /* ngspice names both nodes; give the one known for the one not. */
    matrix->singular_row = row ? row : col;
    matrix->singular_col = col ? col : row;
    if (matrix->error != E_SINGULAR)
        fprintf(stderr, "Error: Lupine matrix solver: %s\n", info.message);
}

static void
release_numerics(SMPmatrix *matrix)
{
    lupine_numeric_destroy(matrix->numeric);
    lupine_znumeric_destroy(matrix->znumeric);
    matrix->numeric = NULL;
    matrix->znumeric = NULL;
    matrix->factored = FACTOR_NONE;
}

static void
release_pattern(SMPmatrix *matrix)
{
    release_numerics(matrix);
    lupine_symbolic_destroy(matrix->symbolic);
    matrix->symbolic = NULL;
    free(matrix->ext_to_int);
    free(matrix->int_to_ext);
    free(matrix->element_slot);
    free(matrix->diagonal_slots);
    free(matrix->values);
    free(matrix->zvalues);
    free(matrix->rhs);
    free(matrix->workspace);
    matrix->ext_to_int = matrix->int_to_ext = matrix->element_slot = NULL;
    matrix->diagonal_slots = NULL;
    matrix->values = matrix->zvalues = matrix->rhs = matrix->workspace = NULL;
    matrix->workspace_size = 0;
    matrix->diagonal_count = 0;
    matrix->n = 0;
    matrix->pattern_elements = -1;
    matrix->pattern_singular = 0;
}

/* Maps a pivot threshold as Sparse reads it (<= 0: the default; > 1: 1) to Lupine's. */
static double
pivot_threshold_of(double relative_threshold)
{
    if (relative_threshold <= 0.0)
        return 1e-3; /* Sparse's DEFAULT_THRESHOLD, ngspice's default pivrel */
    if (relative_threshold > 1.0)
        return 1.0;
    return relative_threshold;
}

/* Builds the CSC pattern of the elements made so far and analyzes it. */
static int
build_pattern(SMPmatrix *matrix, double pivot_threshold)
{
    int ext_size = matrix->ext_size, count = matrix->element_count;
    int *col_count = NULL, *col_ptr = NULL, *row_index = NULL, *next = NULL;
    int i, k, n = 0, status;
    lupine_status ls;

    release_pattern(matrix);
    matrix->ext_to_int = malloc(((size_t) ext_size + 1) * sizeof(int));
    matrix->int_to_ext = malloc(((size_t) ext_size + 1) * sizeof(int));
    matrix->element_slot = malloc(((size_t) count + 1) * sizeof(int));
    col_ptr = calloc((size_t) ext_size + 2, sizeof(int));
    col_count = calloc((size_t) ext_size + 2, sizeof(int));
    row_index = malloc(((size_t) count + 1) * sizeof(int));
    next = malloc(((size_t) count + 1) * sizeof(int));
    if (!matrix->ext_to_int || !matrix->int_to_ext || !matrix->element_slot || !col_ptr ||
        !col_count || !row_index || !next) {
        status = E_NOMEM;
        goto done;
    }

    /* The indices in use, numbered compactly in ascending order. */
    for (i = 0; i <= ext_size; i++)
        matrix->ext_to_int[i] = 0;
    for (k = 0; k < count; k++) {
        matrix->ext_to_int[matrix->element_row[k]] = 1;
        matrix->ext_to_int[matrix->element_col[k]] = 1;
    }
    for (i = 1; i <= ext_size; i++) {
        if (matrix->ext_to_int[i]) {
            matrix->ext_to_int[i] = n;
            matrix->int_to_ext[n++] = i;
        } else {
            matrix->ext_to_int[i] = -1;
        }
    }
    matrix->ext_to_int[0] = -1;
    matrix->n = n;

    /* CSC with increasing rows: bucket the elements by row, then walk rows in order and
     * append each to its column (a counting sort, O(nnz + n)). */
    {
        int *row_head = col_count; /* reused: head of each row's list, -1 terminated */
        int *fill = NULL;
        for (i = 0; i < n; i++)
            row_head[i] = -1;
        for (k = count - 1; k >= 0; k--) {
            int r = matrix->ext_to_int[matrix->element_row[k]];
            next[k] = row_head[r];
            row_head[r] = k;
        }
        for (k = 0; k < count; k++)
            col_ptr[matrix->ext_to_int[matrix->element_col[k]] + 1]++;
        for (i = 0; i < n; i++)
            col_ptr[i + 1] += col_ptr[i];
        fill = malloc(((size_t) n + 1) * sizeof(int));
        if (!fill) {
            status = E_NOMEM;
            goto done;
        }
        memcpy(fill, col_ptr, (size_t) n * sizeof(int));
        for (i = 0; i < n; i++) {
            for (k = row_head[i]; k >= 0; k = next[k]) {
                int c = matrix->ext_to_int[matrix->element_col[k]];
                int slot = fill[c]++;
                row_index[slot] = i;
                matrix->element_slot[k] = slot;
            }
        }
        free(fill);
    }

    /* The diagonal entries, for Gmin. */
    matrix->diagonal_slots = malloc(((size_t) n + 1) * sizeof(int));
    matrix->values = malloc(((size_t) count + 1) * sizeof(double));
    matrix->zvalues = malloc(2 * ((size_t) count + 1) * sizeof(double));
    matrix->rhs = malloc(2 * ((size_t) n + 1) * sizeof(double));
    if (!matrix->diagonal_slots || !matrix->values || !matrix->zvalues || !matrix->rhs) {
        status = E_NOMEM;
        goto done;
    }
    for (k = 0; k < count; k++) {
        if (matrix->element_row[k] == matrix->element_col[k])
            matrix->diagonal_slots[matrix->diagonal_count++] = matrix->element_slot[k];
    }

    lupine_options_set(matrix->options, LUPINE_OPTION_PIVOT_THRESHOLD, pivot_threshold);
    matrix->analysis_pivot_threshold = pivot_threshold;
    ls = lupine_analyze(matrix->options, n, col_ptr, row_index, 0, &matrix->symbolic);
    matrix->analyses++;
    if (ls != LUPINE_OK) {
        record_error(matrix, ls);
        status = matrix->error;
        matrix->symbolic = NULL;
        /* A structurally singular pattern is kept, as failed, until it changes: the factor
         * calls report it as Sparse would, E_SINGULAR and the row and column. */
        if (status == E_SINGULAR) {
            matrix->pattern_elements = count;
            matrix->pattern_singular = 1;
            matrix->pattern_singular_row = matrix->singular_row;
            matrix->pattern_singular_col = matrix->singular_col;
            status = OK;
        }
        goto done;
    }
    matrix->pattern_elements = count;
    status = OK;

done:
    free(col_ptr);
    free(col_count);
    free(row_index);
    free(next);
    if (status != OK)
        release_pattern(matrix);
    return status;
}

/* Brings the pattern up to date with the elements; OK, or the error of a failed analysis. */
static int
ensure_pattern(SMPmatrix *matrix, double pivot_threshold)
{
    if (matrix->pattern_elements == matrix->element_count)
        return OK;
    matrix->error = OK;
    matrix->singular_row = matrix->singular_col = 0;
    return build_pattern(matrix, pivot_threshold);
}

/* The factorization of a structurally singular pattern: the analysis's report. */
static int
report_structurally_singular(SMPmatrix *matrix)
{
    matrix->factored = FACTOR_NONE;
    matrix->error = E_SINGULAR;
    matrix->singular_row = matrix->pattern_singular_row;
    matrix->singular_col = matrix->pattern_singular_col;
    return E_SINGULAR;
}

static void
gather_real(SMPmatrix *matrix, double gmin)
{
    int k, count = matrix->element_count;
    double *values = matrix->values;
    const int *slot = matrix->element_slot;
    for (k = 0; k < count; k++)
        values[slot[k]] = element_pair(matrix, k)[0];
    if (gmin != 0.0) {
        int d;
        for (d = 0; d < matrix->diagonal_count; d++)
            values[matrix->diagonal_slots[d]] += gmin;
    }
}

static void
gather_complex(SMPmatrix *matrix)
{
    int k, count = matrix->element_count;
    double *values = matrix->zvalues;
    const int *slot = matrix->element_slot;
    for (k = 0; k < count; k++) {
        const double *pair = element_pair(matrix, k);
        values[2 * slot[k]] = pair[0];
        values[2 * slot[k] + 1] = pair[1];
    }
}

static int
ensure_workspace(SMPmatrix *matrix)
{
    size_t real_size = 0, complex_size = 0, size;
    if (matrix->numeric)
        lupine_solve_workspace_size(matrix->numeric, 1, &real_size);
    if (matrix->znumeric)
        lupine_zsolve_workspace_size(matrix->znumeric, 1, &complex_size);
    size = real_size > complex_size ? real_size : complex_size;
    if (size > matrix->workspace_size) {
        double *grown = realloc(matrix->workspace, size * sizeof(double));
        if (!grown)
            return E_NOMEM;
        matrix->workspace = grown;
        matrix->workspace_size = size;
    }
    return OK;
}

/* The common end of every factorization: status to ngspice's error, workspace. */
static int
finish_factor(SMPmatrix *matrix, lupine_status status, enum factor_kind kind)
{
    matrix->poisoned = 0;
    if (status != LUPINE_OK) {
        /* No usable factors are left: the next factor call starts a fresh handle. */
        if (kind == FACTOR_REAL) {
            lupine_numeric_destroy(matrix->numeric);
            matrix->numeric = NULL;
        } else {
            lupine_znumeric_destroy(matrix->znumeric);
            matrix->znumeric = NULL;
        }
        if (status == LUPINE_ERROR_NON_FINITE) {
            matrix->poisoned = 1;
            matrix->factored = kind;
            matrix->error = OK;
            matrix->singular_row = matrix->singular_col = 0;
            return OK;
        }
        record_error(matrix, status);
        matrix->factored = FACTOR_NONE;
        return matrix->error;
    }
    matrix->error = OK;
    matrix->singular_row = matrix->singular_col = 0;
    matrix->factored = kind;
    if (ensure_workspace(matrix) != OK) {
        matrix->factored = FACTOR_NONE;
        return matrix->error = E_NOMEM;
    }
    return OK;
}

/* A real factorization: pivoting (repivot) or reusing the last pivots, Gmin on the
 * diagonal. */
static int
factor_real(SMPmatrix *matrix, double pivot_threshold, double gmin, int repivot)
{
    lupine_status status;
    int error = ensure_pattern(matrix, pivot_threshold);
    if (error != OK)
        return error;
    if (!matrix->symbolic)
        return report_structurally_singular(matrix);
    gather_real(matrix, gmin);
    if (!matrix->numeric) {
        matrix->factors++;
        status = lupine_factor(matrix->symbolic, matrix->values, &matrix->numeric);
        if (status != LUPINE_OK) {
            matrix->numeric = NULL;
        } else if (pivot_threshold != matrix->analysis_pivot_threshold) {
            /* The first factorization pivots with the analysis's threshold: again with this
             * call's (once; later re-pivots pass theirs). */
            lupine_refactor_options options;
            lupine_refactor_options_init(&options);
            options.pivot_threshold = pivot_threshold;
            options.force_repivot = 1;
            status = lupine_refactor_with(matrix->numeric, matrix->values, &options, NULL);
        }
    } else {
        lupine_refactor_options options;
        int reused = 1;
        lupine_refactor_options_init(&options);
        options.pivot_threshold = pivot_threshold;
        options.force_repivot = repivot;
        status = lupine_refactor_with(matrix->numeric, matrix->values, &options, &reused);
        if (repivot) {
            matrix->factors++;
        } else {
            matrix->refactors++;
            if (!reused)
                matrix->repivots++;
        }
    }
    return finish_factor(matrix, status, FACTOR_REAL);
}

static int
factor_complex(SMPmatrix *matrix, double pivot_threshold, int repivot)
{
    lupine_status status;
    int error = ensure_pattern(matrix, pivot_threshold);
    if (error != OK)
        return error;
    if (!matrix->symbolic)
        return report_structurally_singular(matrix);
    gather_complex(matrix);
    if (!matrix->znumeric) {
        lupine_refactor_options options;
        matrix->complex_factors++;
        status = lupine_zfactor(matrix->symbolic, matrix->zvalues, &matrix->znumeric);
        if (status != LUPINE_OK) {
            matrix->znumeric = NULL;
        } else if (pivot_threshold != matrix->analysis_pivot_threshold) {
            /* As for the real factors (the analysis is shared with them). */
            lupine_refactor_options_init(&options);
            options.pivot_threshold = pivot_threshold;
            options.force_repivot = 1;
            status = lupine_zrefactor_with(matrix->znumeric, matrix->zvalues, &options, NULL);
        }
    } else {
        lupine_refactor_options options;
        int reused = 1;
        lupine_refactor_options_init(&options);
        options.pivot_threshold = pivot_threshold;
        options.force_repivot = repivot;
        status = lupine_zrefactor_with(matrix->znumeric, matrix->zvalues, &options, &reused);
        if (repivot) {
            matrix->complex_factors++;
        } else {
            matrix->complex_refactors++;
            if (!reused)
                matrix->complex_repivots++;
        }
    }
    return finish_factor(matrix, status, FACTOR_COMPLEX);
}

/* ---- the SMP interface ---- */

/* NGSPICE_LUPINE_OPTIONS="name=value,...": Lupine options for experiments (names as
 * lupine_option without the prefix, lower case: ordering, scaling, path, btf,
 * refactor_threshold, refactor_growth_limit, threads, solve_flush_to_zero,
 * rescale_on_refactor). An unknown name or a refused value is reported once and ignored. */
static void
apply_environment_options(lupine_options *options)
{
    static const struct {
        const char *name;
        int option;
    } names[] = {{"ordering", LUPINE_OPTION_ORDERING},
                 {"scaling", LUPINE_OPTION_SCALING},
                 {"path", LUPINE_OPTION_PATH},
                 {"btf", LUPINE_OPTION_BTF},
                 {"refactor_threshold", LUPINE_OPTION_REFACTOR_THRESHOLD},
                 {"refactor_growth_limit", LUPINE_OPTION_REFACTOR_GROWTH_LIMIT},
                 {"threads", LUPINE_OPTION_THREADS},
                 {"solve_flush_to_zero", LUPINE_OPTION_SOLVE_FLUSH_TO_ZERO},
                 {"rescale_on_refactor", LUPINE_OPTION_RESCALE_ON_REFACTOR}};
    static int reported = 0;
    const char *text = getenv("NGSPICE_LUPINE_OPTIONS");
    char buffer[256], *item, *end;
    if (!text || !*text)
        return;
    snprintf(buffer, sizeof buffer, "%s", text);
    for (item = buffer; item; item = end) {
        char *equals;
        size_t i, count = sizeof names / sizeof names[0];
        int done = 0;
        end = strchr(item, ',');
        if (end)
            *end++ = '\0';
        equals = strchr(item, '=');
        if (equals) {
            *equals = '\0';
            for (i = 0; i < count && !done; i++) {
                if (strcmp(item, names[i].name) == 0)
                    done =
                        lupine_options_set(options, names[i].option, atof(equals + 1)) == LUPINE_OK;
            }
        }
        if (!done && *item && !reported)
            fprintf(stderr, "Warning: NGSPICE_LUPINE_OPTIONS: '%s' ignored\n", item);
    }
    reported = 1;
}

/* NGSPICE_LUPINE_STATS: batch runs exit without destroying their circuit, so the matrices
 * still alive at exit report then. */
static SMPmatrix *live_matrices = NULL;

static int
stats_wanted(void)
{
    const char *stats = getenv("NGSPICE_LUPINE_STATS");
    return stats && *stats && *stats != '0';
}

static void
print_stats(const SMPmatrix *matrix)
{
    fprintf(stderr,
            "Lupine SMP: order %d, %d elements, %ld analyses; real: %ld pivoting factors, "
            "%ld refactors (%ld re-pivoted); complex: %ld pivoting factors, %ld refactors "
            "(%ld re-pivoted)\n",
            matrix->n, matrix->element_count, matrix->analyses, matrix->factors, matrix->refactors,
            matrix->repivots, matrix->complex_factors, matrix->complex_refactors,
            matrix->complex_repivots);
}

static void
print_live_stats(void)
{
    const SMPmatrix *matrix;
    for (matrix = live_matrices; matrix; matrix = matrix->next_live)
        print_stats(matrix);
}

int
SMPnewMatrix(SMPmatrix **pMatrix, int size)
{
    static int registered = 0;
    SMPmatrix *matrix = calloc(1, sizeof *matrix);
    const char *threads = getenv("NGSPICE_LUPINE_THREADS");
    *pMatrix = NULL;
    if (!matrix)
        return E_NOMEM;
    if (lupine_options_create(&matrix->options) != LUPINE_OK) {
        free(matrix);
        return E_NOMEM;
    }
    lupine_options_set(matrix->options, LUPINE_OPTION_THREADS,
                       threads && *threads ? atoi(threads) : 1);
    /* Subnormal numbers (below 2.2e-308) are far below any of ngspice's tolerances, but on
     * many Intel CPUs every operation on one costs a microcode assist: an RLC ladder's far
     * sections carry ~150k of them in each transient solution of 200k equations, and the
     * solves took 12 ms instead of 2 ms (docs/ngspice.md). */
    lupine_options_set(matrix->options, LUPINE_OPTION_SOLVE_FLUSH_TO_ZERO, 1);
    apply_environment_options(matrix->options);
    matrix->ext_size = size > 0 ? size : 0;
    matrix->pattern_elements = -1;
    matrix->pivot_threshold = pivot_threshold_of(0.0);
    if (stats_wanted()) {
        if (!registered)
            registered = atexit(print_live_stats) == 0;
        matrix->next_live = live_matrices;
        live_matrices = matrix;
    }
    *pMatrix = matrix;
    return OK;
}

void
SMPdestroy(SMPmatrix *matrix)
{
    int b;
    SMPmatrix **link;
    if (!matrix)
        return;
    for (link = &live_matrices; *link; link = &(*link)->next_live) {
        if (*link == matrix) {
            *link = matrix->next_live;
            print_stats(matrix);
            break;
        }
    }
    release_pattern(matrix);
    lupine_options_destroy(matrix->options);
    for (b = 0; b < matrix->block_count; b++)
        free(matrix->blocks[b]);
    free(matrix->blocks);
    free(matrix->element_row);
    free(matrix->element_col);
    free(matrix->hash_keys);
    free(matrix->hash_values);
    free(matrix);
}

int
SMPmatSize(SMPmatrix *matrix)
{
    return matrix->ext_size;
}

double *
SMPmakeElt(SMPmatrix *matrix, int row, int col)
{
    if (row <= 0 || col <= 0)
        return matrix->trash;
    return make_element(matrix, row, col);
}

int
SMPaddElt(SMPmatrix *matrix, int row, int col, double value)
{
    double *pair = SMPmakeElt(matrix, row, col);
    if (!pair)
        return E_NOMEM;
    *pair = value;
    return OK;
}

SMPelement *
SMPfindElt(SMPmatrix *matrix, int row, int col, int create_if_missing)
{
    int k;
    if (row <= 0 || col <= 0)
        return NULL;
    if (create_if_missing)
        return (SMPelement *) SMPmakeElt(matrix, row, col);
    k = find_element(matrix, row, col);
    return k >= 0 ? (SMPelement *) element_pair(matrix, k) : NULL;
}

static void
clear_all(SMPmatrix *matrix)
{
    int b, last = matrix->element_count;
    for (b = 0; b < matrix->block_count; b++) {
        int in_block = last - (b << BLOCK_SHIFT);
        if (in_block > BLOCK_SIZE)
            in_block = BLOCK_SIZE;
        if (in_block > 0)
            memset(matrix->blocks[b], 0, 2 * (size_t) in_block * sizeof(double));
    }
    matrix->trash[0] = matrix->trash[1] = 0.0;
}

void
SMPclear(SMPmatrix *matrix)
{
    clear_all(matrix);
}

void
SMPcClear(SMPmatrix *matrix)
{
    clear_all(matrix);
}

int
SMPpreOrder(SMPmatrix *matrix)
{
    return ensure_pattern(matrix, matrix->pivot_threshold);
}

int
SMPreorder(SMPmatrix *matrix, double PivTol, double PivRel, double Gmin)
{
    NG_IGNORE(PivTol);
    matrix->pivot_threshold = pivot_threshold_of(PivRel);
    return factor_real(matrix, matrix->pivot_threshold, Gmin, 1);
}

int
SMPluFac(SMPmatrix *matrix, double PivTol, double Gmin)
{
    NG_IGNORE(PivTol);
    return factor_real(matrix, matrix->pivot_threshold, Gmin, 0);
}

int
SMPcReorder(SMPmatrix *matrix, double PivTol, double PivRel, int *NumSwaps)
{
    NG_IGNORE(PivTol);
    /* Sparse sets this to 1 as well; pole-zero multiplies the determinant by it. */
    *NumSwaps = 1;
    matrix->pivot_threshold = pivot_threshold_of(PivRel);
    return factor_complex(matrix, matrix->pivot_threshold, 1);
}

int
SMPcLUfac(SMPmatrix *matrix, double PivTol)
{
    NG_IGNORE(PivTol);
    return factor_complex(matrix, matrix->pivot_threshold, 0);
}

/* NaN in the rows in use: what Sparse's arithmetic gives for NaN or Inf in the matrix or the
 * right-hand side, and what ngspice's convergence test looks for. */
static void
poison_solution(SMPmatrix *matrix, double *RHS, double *iRHS)
{
    int i;
    for (i = 0; i < matrix->n; i++) {
        RHS[matrix->int_to_ext[i]] = NAN;
        if (iRHS)
            iRHS[matrix->int_to_ext[i]] = NAN;
    }
}

/* Solves in place on ngspice's vectors (index 0 is ground, entries of indices not in use are
 * left as they are). */
static void
solve_real(SMPmatrix *matrix, int op, double *RHS)
{
    int i, n = matrix->n;
    lupine_status status;
    if (n == 0) /* a circuit without equations */
        return;
    if (matrix->factored == FACTOR_REAL && matrix->poisoned) {
        poison_solution(matrix, RHS, NULL);
        return;
    }
    if (matrix->factored != FACTOR_REAL || !matrix->numeric) {
        fprintf(stderr, "Error: Lupine matrix solver: real solve without a real factorization\n");
        return;
    }
    for (i = 0; i < n; i++)
        matrix->rhs[i] = RHS[matrix->int_to_ext[i]];
    status = lupine_solve(matrix->numeric, op, 1, matrix->rhs, n, matrix->workspace,
                          matrix->workspace_size);
    if (status == LUPINE_ERROR_NON_FINITE) {
        poison_solution(matrix, RHS, NULL);
        return;
    }
    if (status != LUPINE_OK) {
        fprintf(stderr, "Error: Lupine matrix solver: %s\n", lupine_last_error_message());
        return;
    }
    for (i = 0; i < n; i++)
        RHS[matrix->int_to_ext[i]] = matrix->rhs[i];
}

static void
solve_complex(SMPmatrix *matrix, int op, double *RHS, double *iRHS)
{
    int i, n = matrix->n;
    lupine_status status;
    if (n == 0)
        return;
    if (matrix->factored == FACTOR_REAL) {
        /* As Sparse: a real factorization solves the real part only. */
        solve_real(matrix, op, RHS);
        return;
    }
    if (matrix->factored == FACTOR_COMPLEX && matrix->poisoned) {
        poison_solution(matrix, RHS, iRHS);
        return;
    }
    if (matrix->factored != FACTOR_COMPLEX || !matrix->znumeric) {
        fprintf(stderr, "Error: Lupine matrix solver: solve without a factorization\n");
        return;
    }
    for (i = 0; i < n; i++) {
        int e = matrix->int_to_ext[i];
        matrix->rhs[2 * i] = RHS[e];
        matrix->rhs[2 * i + 1] = iRHS[e];
    }
    status = lupine_zsolve(matrix->znumeric, op, 1, matrix->rhs, n, matrix->workspace,
                           matrix->workspace_size);
    if (status == LUPINE_ERROR_NON_FINITE) {
        poison_solution(matrix, RHS, iRHS);
        return;
    }
    if (status != LUPINE_OK) {
        fprintf(stderr, "Error: Lupine matrix solver: %s\n", lupine_last_error_message());
        return;
    }
    for (i = 0; i < n; i++) {
        int e = matrix->int_to_ext[i];
        RHS[e] = matrix->rhs[2 * i];
        iRHS[e] = matrix->rhs[2 * i + 1];
    }
}

void
SMPsolve(SMPmatrix *matrix, double RHS[], double Spare[])
{
    NG_IGNORE(Spare);
    solve_real(matrix, LUPINE_NO_TRANSPOSE, RHS);
}

void
SMPcSolve(SMPmatrix *matrix, double RHS[], double iRHS[], double Spare[], double iSpare[])
{
    NG_IGNORE(Spare);
    NG_IGNORE(iSpare);
    solve_complex(matrix, LUPINE_NO_TRANSPOSE, RHS, iRHS);
}

/* The adjoint solve of noise analysis: Sparse's spSolveTransposed, A^T without conjugation. */
void
SMPcaSolve(SMPmatrix *matrix, double RHS[], double iRHS[], double Spare[], double iSpare[])
{
    NG_IGNORE(Spare);
    NG_IGNORE(iSpare);
    solve_complex(matrix, LUPINE_TRANSPOSE, RHS, iRHS);
}

void
SMPgetError(SMPmatrix *matrix, int *Col, int *Row)
{
    *Row = matrix->singular_row;
    *Col = matrix->singular_col;
}

/* The determinant as Sparse's spDeterminant gives it: mantissa in [1, 10), base-10
 * exponent. */
int
SMPcProdDiag(SMPmatrix *matrix, SPcomplex *pMantissa, int *pExponent)
{
    int error = SMPcDProd(matrix, pMantissa, pExponent);
    double re = pMantissa->real, im = pMantissa->imag, magnitude, log10_value;
    int exponent10;
    if (error != OK || (re == 0.0 && im == 0.0)) {
        *pExponent = 0;
        return error;
    }
    magnitude = fmax(fabs(re), fabs(im));
    log10_value = log10(magnitude) + *pExponent * log10(2.0);
    exponent10 = (int) floor(log10_value);
    pMantissa->real = re / magnitude * pow(10.0, log10_value - exponent10);
    pMantissa->imag = im / magnitude * pow(10.0, log10_value - exponent10);
    *pExponent = exponent10;
    return OK;
}

/* The determinant as mantissa * 2^exponent with the larger part of the mantissa in [1, 2):
 * Sparse's SMPcDProd normalization, which pole-zero analysis compares across trials. */
int
SMPcDProd(SMPmatrix *matrix, SPcomplex *pMantissa, int *pExponent)
{
    double mantissa[2] = {0.0, 0.0};
    int64_t exponent = 0;
    lupine_status status;
    int shift;

    pMantissa->real = pMantissa->imag = 0.0;
    *pExponent = 0;
    if (matrix->factored != FACTOR_NONE && matrix->poisoned) {
        pMantissa->real = pMantissa->imag = NAN;
        return OK;
    }
    if (matrix->factored == FACTOR_COMPLEX) {
        status = lupine_zdeterminant_base2(matrix->znumeric, mantissa, &exponent);
    } else if (matrix->factored == FACTOR_REAL) {
        status = lupine_determinant_base2(matrix->numeric, &mantissa[0], &exponent);
    } else {
        return matrix->error ? matrix->error : E_SINGULAR;
    }
    if (status != LUPINE_OK) {
        record_error(matrix, status);
        return matrix->error;
    }
    if (mantissa[0] == 0.0 && mantissa[1] == 0.0)
        return OK;
    if (mantissa[0] == 0.0)
        shift = (int) logb(mantissa[1]);
    else if (mantissa[1] == 0.0)
        shift = (int) logb(mantissa[0]);
    else
        shift = (int) fmax(logb(mantissa[0]), logb(mantissa[1]));
    pMantissa->real = scalbn(mantissa[0], -shift);
    pMantissa->imag = scalbn(mantissa[1], -shift);
    *pExponent = (int) (exponent + shift);
    return OK;
}

int
SMPcZeroCol(SMPmatrix *matrix, int Col)
{
    int k;
    for (k = 0; k < matrix->element_count; k++) {
        if (matrix->element_col[k] == Col) {
            double *pair = element_pair(matrix, k);
            pair[0] = pair[1] = 0.0;
        }
    }
    return OK;
}

/* Column Accum_Col += column Addend_Col, making the elements Accum_Col lacks (the pattern
 * then changes: the next factorization analyzes it anew). */
int
SMPcAddCol(SMPmatrix *matrix, int Accum_Col, int Addend_Col)
{
    int k, count = matrix->element_count;
    for (k = 0; k < count; k++) {
        if (matrix->element_col[k] == Addend_Col) {
            double *addend = element_pair(matrix, k);
            double *accum = make_element(matrix, matrix->element_row[k], Accum_Col);
            if (!accum)
                return E_NOMEM;
            /* make_element may have added a block, never moved one: addend is still valid */
            accum[0] += addend[0];
            accum[1] += addend[1];
        }
    }
    return OK;
}

int
SMPzeroRow(SMPmatrix *matrix, int Row)
{
    int k;
    for (k = 0; k < matrix->element_count; k++) {
        if (matrix->element_row[k] == Row) {
            double *pair = element_pair(matrix, k);
            pair[0] = pair[1] = 0.0;
        }
    }
    return OK;
}

void
SMPconstMult(SMPmatrix *matrix, double constant)
{
    int k;
    for (k = 0; k < matrix->element_count; k++) {
        double *pair = element_pair(matrix, k);
        pair[0] *= constant;
        pair[1] *= constant;
    }
}

/* RHS = A * Solution (complex when the imaginary vectors are given), over the rows in use. */
void
SMPmultiply(SMPmatrix *matrix, double *RHS, double *Solution, double *iRHS, double *iSolution)
{
    int k, i;
    int complex_product = iRHS && iSolution;
    for (i = 1; i <= matrix->ext_size; i++) {
        RHS[i] = 0.0;
        if (complex_product)
            iRHS[i] = 0.0;
    }
    for (k = 0; k < matrix->element_count; k++) {
        const double *pair = element_pair(matrix, k);
        int r = matrix->element_row[k], c = matrix->element_col[k];
        if (complex_product) {
            RHS[r] += pair[0] * Solution[c] - pair[1] * iSolution[c];
            iRHS[r] += pair[0] * iSolution[c] + pair[1] * Solution[c];
        } else {
            RHS[r] += pair[0] * Solution[c];
        }
    }
}

void
SMPprint(SMPmatrix *matrix, char *Filename)
{
    FILE *out = Filename ? fopen(Filename, "w") : stdout;
    int k;
    if (!out) {
        fprintf(stderr, "Error: cannot open %s for the matrix\n", Filename);
        return;
    }
    fprintf(out, "Circuit matrix (Lupine %s): order %d, %d elements\n", lupine_version_string(),
            matrix->ext_size, matrix->element_count);
    for (k = 0; k < matrix->element_count; k++) {
        const double *pair = element_pair(matrix, k);
        fprintf(out, "%d\t%d\t%.15g\t%.15g\n", matrix->element_row[k], matrix->element_col[k],
                pair[0], pair[1]);
    }
    if (Filename)
        fclose(out);
}

void
SMPprintRHS(SMPmatrix *matrix, char *Filename, double *RHS, double *iRHS)
{
    FILE *out = Filename ? fopen(Filename, "w") : stdout;
    int i;
    if (!out) {
        fprintf(stderr, "Error: cannot open %s for the vector\n", Filename);
        return;
    }
    for (i = 1; i <= matrix->ext_size; i++) {
        if (iRHS)
            fprintf(out, "%d\t%.15g\t%.15g\n", i, RHS[i], iRHS[i]);
        else
            fprintf(out, "%d\t%.15g\n", i, RHS[i]);
    }
    if (Filename)
        fclose(out);
}

/* ---- accounting (.options acct) ---- */

int
SMPoriginalCount(SMPmatrix *matrix)
{
    return matrix->element_count;
}

static int64_t
factor_entries(SMPmatrix *matrix)
{
    lupine_stats stats;
    if (matrix->factored == FACTOR_REAL &&
        lupine_numeric_stats(matrix->numeric, &stats) == LUPINE_OK)
        return stats.lu_nnz;
    if (matrix->factored == FACTOR_COMPLEX &&
        lupine_znumeric_stats(matrix->znumeric, &stats) == LUPINE_OK)
        return stats.lu_nnz;
    return matrix->element_count;
}

int
SMPfillinCount(SMPmatrix *matrix)
{
    int64_t fill = factor_entries(matrix) - matrix->element_count;
    return fill > 0 ? (int) fill : 0;
}

int
SMPelementCount(SMPmatrix *matrix)
{
    return matrix->element_count + SMPfillinCount(matrix);
}

const char *
SMPsolverName(void)
{
    static char name[64];
    snprintf(name, sizeof name, "Lupine %s", lupine_version_string());
    return name;
}
