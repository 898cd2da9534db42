/* Test stand-in for ngspice's ngspice/smpdefs.h (39.3 with integrations/ngspice's patch): the
 * SMP interface the circuit simulator calls, declared for the unit test of lupinesmp.c. */
#ifndef LUPINE_TEST_SMPDEFS_H
#define LUPINE_TEST_SMPDEFS_H

#include <stdio.h>

#include "ngspice/complex.h"

typedef struct MatrixFrame SMPmatrix;
typedef struct MatrixElement SMPelement;

int SMPaddElt(SMPmatrix*, int, int, double);
double* SMPmakeElt(SMPmatrix*, int, int);
void SMPcClear(SMPmatrix*);
void SMPclear(SMPmatrix*);
int SMPcLUfac(SMPmatrix*, double);
int SMPluFac(SMPmatrix*, double, double);
int SMPcReorder(SMPmatrix*, double, double, int*);
int SMPreorder(SMPmatrix*, double, double, double);
void SMPcaSolve(SMPmatrix*, double[], double[], double[], double[]);
void SMPcSolve(SMPmatrix*, double[], double[], double[], double[]);
void SMPsolve(SMPmatrix*, double[], double[]);
int SMPmatSize(SMPmatrix*);
int SMPnewMatrix(SMPmatrix**, int);
void SMPdestroy(SMPmatrix*);
int SMPpreOrder(SMPmatrix*);
void SMPprint(SMPmatrix*, char*);
void SMPprintRHS(SMPmatrix*, char*, double*, double*);
void SMPgetError(SMPmatrix*, int*, int*);
int SMPcProdDiag(SMPmatrix*, SPcomplex*, int*);
int SMPcDProd(SMPmatrix*, SPcomplex*, int*);
SMPelement* SMPfindElt(SMPmatrix*, int, int, int);
int SMPcZeroCol(SMPmatrix*, int);
int SMPcAddCol(SMPmatrix*, int, int);
int SMPzeroRow(SMPmatrix*, int);
void SMPconstMult(SMPmatrix*, double);
void SMPmultiply(SMPmatrix*, double*, double*, double*, double*);
int SMPoriginalCount(SMPmatrix*);
int SMPfillinCount(SMPmatrix*);
int SMPelementCount(SMPmatrix*);
const char* SMPsolverName(void);

#endif
