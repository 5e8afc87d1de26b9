/** Benchmarks: each compares backstride with a reference measured in the same run. */
package io.backstride.benchmarks;
