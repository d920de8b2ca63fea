/** Option converters shared by several trainer commands (kept apart from cli so that any command may use them). */
package io.clipvq.trainer.cli.options;
