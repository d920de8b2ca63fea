package io.clipvq.trainer.cli;

import io.clipvq.contracts.bundle.InvalidBundleManifestException;
import io.clipvq.engine.bundle.BundleException;
import picocli.CommandLine;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * How a failed command talks to the person who ran it. An expected failure (a refused bundle, a missing or unreadable
 * file or folder, a bad option value, a state the command cannot work from) prints one plain line on standard error
 * and exits 1; anything else is a bug, printed with its stack trace so it can be reported (exit 70). {@code --verbose}
 * adds the stack trace to every failure. A bad option prints what is wrong and where the help is, not the whole usage
 * ({@link #badOption}); exit 2.
 */
final class FailureReport implements CommandLine.IExecutionExceptionHandler {
    static final int EXPECTED_FAILURE = 1;
    static final int BAD_OPTION = 2;
    static final int INTERNAL_ERROR = 70; // EX_SOFTWARE of sysexits.h

    private final boolean verbose;

    FailureReport(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        boolean expected = isExpected(failure);
        err.println(command.getCommandSpec().qualifiedName() + ": " + (expected ? sentence(failure) : "internal error: " + failure));
        if (verbose || !expected) {
            failure.printStackTrace(err);
        }
        err.flush();
        return expected ? EXPECTED_FAILURE : INTERNAL_ERROR;
    }

    /** Picocli's handler for options it cannot parse: the problem, then where the options are listed. */
    static int badOption(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + problem.getMessage()
                + " (" + command.getCommandSpec().qualifiedName() + " --help lists the options)");
        err.flush();
        return BAD_OPTION;
    }

    /** Failures whose message is written for the person running the command. */
    static boolean isExpected(Throwable failure) {
        Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
        return cause instanceof BundleException || cause instanceof InvalidBundleManifestException
                || cause instanceof IllegalArgumentException || cause instanceof IllegalStateException
                || cause instanceof IOException;
    }

    /** One plain sentence: the exception's own message, with the file named for the JDK's terse file exceptions. */
    static String sentence(Throwable failure) {
        Throwable cause = failure instanceof UncheckedIOException unchecked && unchecked.getCause() != null
                ? unchecked.getCause() : failure;
        String file = cause.getMessage();
        if (cause instanceof NoSuchFileException) {
            return "no such file or folder: " + file;
        }
        if (cause instanceof NotDirectoryException) {
            return "not a folder: " + file;
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        if (cause instanceof FileAlreadyExistsException) {
            return "already exists: " + file;
        }
        if (cause instanceof DirectoryNotEmptyException) {
            return "folder not empty: " + file;
        }
        if (cause instanceof FileNotFoundException) {
            return "cannot open " + file;
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message.strip();
    }
}
