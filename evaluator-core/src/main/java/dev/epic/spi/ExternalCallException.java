package dev.epic.spi;

/** A failure of an external function that the program's error message should show as it is. */
public class ExternalCallException extends RuntimeException {
    public ExternalCallException(String message) {
        super(message);
    }

    public ExternalCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
