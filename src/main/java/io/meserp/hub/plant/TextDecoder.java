package io.meserp.hub.plant;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a plant file's bytes into text strictly: a byte-order mark chooses (or confirms) the charset and is
 * dropped; bytes that are not valid in the charset refuse the file instead of turning into '?' silently.
 */
public final class TextDecoder {

    private TextDecoder() {
    }

    public static String decode(byte[] bytes, Charset declared) {
        Charset charset = declared;
        int skip = 0;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new FileRejectedException("file contains NUL bytes: it is binary, not " + charset.name() + " text");
            }
            return text;
        } catch (MalformedInputException e) {
            throw new FileRejectedException("file is not valid " + charset.name()
                    + " text (malformed bytes); check the plant's charset setting", e);
        } catch (CharacterCodingException e) {
            throw new FileRejectedException("file cannot be decoded as " + charset.name() + ": " + e, e);
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
