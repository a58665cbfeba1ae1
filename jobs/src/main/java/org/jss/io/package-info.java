/**
 * All table I/O: the {@link org.jss.io.Lake} (the only class that reads or writes Delta tables, with the
 * as-of date look-ups), the raw input schemas ({@link org.jss.io.Schemas}), the {@link org.jss.io.Catalog}
 * of scored tables (name, owner, audience, columns), the point-in-time {@link org.jss.io.Snapshot},
 * source files, export and the run log. May use: base.
 */
package org.jss.io;
