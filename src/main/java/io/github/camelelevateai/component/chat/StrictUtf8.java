package io.github.camelelevateai.component.chat;

import java.io.CharConversionException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Refuses a body whose bytes are not UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), with
 * the line and column of the first bad character.
 * <p>
 * Jackson's own decoder is lenient (an overlong {@code C0 80} becomes NUL, an encoded surrogate passes, bad bytes in a
 * field it skips are never looked at) and, where it does fail, says things like "end-of-input in field name" about a
 * Latin-1 {@code ë}. Bodies whose first bytes make Jackson read them as UTF-16 or UTF-32 (a byte-order mark, or zero
 * bytes, as Windows tools write "Unicode" files) are left to Jackson, which decodes them itself.
 */
final class StrictUtf8 {

    private static final int PREFIX = 4;

    private StrictUtf8() {
    }

    /** @throws NotUtf8 at the first byte that is not UTF-8 */
    static void check(byte[] bytes) throws NotUtf8 {
        if (isReadAsUtf8(bytes, Math.min(bytes.length, PREFIX))) {
            Decoder decoder = new Decoder(bomLength(bytes, bytes.length));
            decoder.feed(bytes, 0, bytes.length);
            decoder.finish();
        }
    }

    /** The same stream, checked as it is read: a read that meets a byte that is not UTF-8 throws {@link NotUtf8}. */
    static InputStream checking(InputStream in) throws IOException {
        PushbackInputStream peekable = new PushbackInputStream(in, PREFIX);
        byte[] prefix = new byte[PREFIX];
        int length = 0;
        for (int read; length < PREFIX && (read = peekable.read(prefix, length, PREFIX - length)) >= 0;) {
            length += read;
        }
        peekable.unread(prefix, 0, length);
        return isReadAsUtf8(prefix, length) ? new CheckingStream(peekable, new Decoder(bomLength(prefix, length)))
                : peekable;
    }

    /** Jackson reads a body as UTF-8 unless it starts with a UTF-16 byte-order mark or has a zero byte in its first four. */
    private static boolean isReadAsUtf8(byte[] prefix, int length) {
        if (length >= 2 && ((prefix[0] & 0xFF) == 0xFE && (prefix[1] & 0xFF) == 0xFF
                            || (prefix[0] & 0xFF) == 0xFF && (prefix[1] & 0xFF) == 0xFE)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (prefix[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static int bomLength(byte[] prefix, int length) {
        return length >= 3 && (prefix[0] & 0xFF) == 0xEF && (prefix[1] & 0xFF) == 0xBB && (prefix[2] & 0xFF) == 0xBF
                ? 3 : 0;
    }

    /** Where the bytes stop being UTF-8. Its message is plain and quotes no input. */
    static final class NotUtf8 extends CharConversionException {

        private static final long serialVersionUID = 1L;

        private final long line;
        private final long column;

        NotUtf8(long line, long column, int leadByte, boolean truncated) {
            super(truncated ? String.format("it ends in the middle of a character (byte 0x%02X)", leadByte)
                    : String.format("byte 0x%02X starts no valid UTF-8 character", leadByte));
            this.line = line;
            this.column = column;
        }

        long line() {
            return line;
        }

        /** In characters, from 1. */
        long column() {
            return column;
        }
    }

    /** A UTF-8 validator fed in chunks, counting lines and characters for the error. */
    private static final class Decoder {

        private int skip;
        private int needed;
        private int lower = 0x80;
        private int upper = 0xBF;
        private int lead;
        private long line = 1;
        private long column = 1;

        Decoder(int skip) {
            this.skip = skip;
        }

        void feed(byte[] bytes, int offset, int length) throws NotUtf8 {
            int end = offset + length;
            int i = offset;
            for (; skip > 0 && i < end; i++) {
                skip--;
            }
            for (; i < end; i++) {
                int b = bytes[i] & 0xFF;
                if (needed > 0) {
                    if (b < lower || b > upper) {
                        throw new NotUtf8(line, column, lead, false);
                    }
                    lower = 0x80;
                    upper = 0xBF;
                    if (--needed == 0) {
                        column++;
                    }
                } else if (b < 0x80) {
                    if (b == '\n') {
                        line++;
                        column = 1;
                    } else {
                        column++;
                    }
                } else {
                    start(b);
                }
            }
        }

        /** The bounds of the second byte rule out overlong forms, surrogates and code points above U+10FFFF. */
        private void start(int b) throws NotUtf8 {
            lead = b;
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
            } else if (b == 0xE0) {
                needed = 2;
                lower = 0xA0;
            } else if (b == 0xED) {
                needed = 2;
                upper = 0x9F;
            } else if (b >= 0xE1 && b <= 0xEF) {
                needed = 2;
            } else if (b == 0xF0) {
                needed = 3;
                lower = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                needed = 3;
            } else if (b == 0xF4) {
                needed = 3;
                upper = 0x8F;
            } else {
                throw new NotUtf8(line, column, b, false);
            }
        }

        void finish() throws NotUtf8 {
            if (needed > 0) {
                throw new NotUtf8(line, column, lead, true);
            }
        }
    }

    private static final class CheckingStream extends FilterInputStream {

        private final Decoder decoder;

        CheckingStream(InputStream in, Decoder decoder) {
            super(in);
            this.decoder = decoder;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                decoder.finish();
            } else {
                decoder.feed(new byte[] { (byte) b }, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read < 0) {
                decoder.finish();
            } else {
                decoder.feed(buffer, offset, read);
            }
            return read;
        }

        /** Skipped bytes are read, so that none escapes the check. */
        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
