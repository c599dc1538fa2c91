/* porch — SPDX-License-Identifier: MIT
 * The cost of argon2id alone, for the sign-in benchmark: hashes a password with the
 * given parameters for about SECONDS and prints hashes per second (one thread).
 * Usage: argon2_cost T_COST M_COST_KIB PARALLELISM SECONDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <argon2.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static const char pw[] = "benchmark password";
	unsigned char salt[16], hash[32];
	double t0, t;
	long n = 0;

	if (argc != 5) {
		fprintf(stderr, "usage: argon2_cost T_COST M_COST_KIB PARALLELISM SECONDS\n");
		return 2;
	}
	memset(salt, 7, sizeof(salt));
	t0 = now();
	do {
		if (argon2id_hash_raw((uint32_t)atoi(argv[1]), (uint32_t)atoi(argv[2]),
		    (uint32_t)atoi(argv[3]), pw, sizeof(pw) - 1, salt, sizeof(salt),
		    hash, sizeof(hash)) != ARGON2_OK)
			return 1;
		n++;
		t = now() - t0;
	} while (t < atof(argv[4]));
	printf("%.2f\n", n / t);
	return 0;
}
