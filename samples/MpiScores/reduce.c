/* The MPI step of the MpiScores sample: every rank reads the scores file, takes every size-th score from its rank on,
 * and the ranks combine their best (lowest) score and their sums with MPI_Allreduce; rank 0 prints the result. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int rank, size, count = 0, seen = 0;
    double score, best = 1e300, sum = 0, all_best, all_sum;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    FILE *in = argc > 1 ? fopen(argv[1], "r") : NULL;
    if (in == NULL) {
        if (rank == 0) fprintf(stderr, "reduce: cannot open the scores file %s\n", argc > 1 ? argv[1] : "(none given)");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    while (fscanf(in, "%lf", &score) == 1) {
        if (seen++ % size == rank) {
            best = score < best ? score : best;
            sum += score;
            count++;
        }
    }
    fclose(in);
    int all_count;
    MPI_Allreduce(&best, &all_best, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&sum, &all_sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Allreduce(&count, &all_count, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) printf("best %.2f mean %.2f over %d scores on %d ranks\n", all_best, all_sum / all_count, all_count, size);
    MPI_Finalize();
    return 0;
}
