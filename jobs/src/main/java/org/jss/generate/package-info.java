/**
 * {@code generate}: a deterministic synthetic marketplace with planted abuse and their labels, for
 * demos, tests and benchmarks. May use: base, config, io.
 */
package org.jss.generate;
