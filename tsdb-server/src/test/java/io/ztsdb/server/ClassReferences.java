// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes one compiled class refers to, read from its constant pool as {@code jdeps} does: every
 * {@code CONSTANT_Class} entry and every class named in a descriptor or generic signature (fields, methods,
 * annotations, lambdas). Javadoc and imports that the compiler dropped leave no trace, so this is the graph the
 * JVM links, not the one the sources suggest.
 */
final class ClassReferences {
    private static final int MAGIC = 0xCAFEBABE;
    private static final int UTF8 = 1;
    private static final int INTEGER = 3;
    private static final int FLOAT = 4;
    private static final int LONG = 5;
    private static final int DOUBLE = 6;
    private static final int CLASS = 7;
    private static final int STRING = 8;
    private static final int FIELD_REF = 9;
    private static final int METHOD_REF = 10;
    private static final int INTERFACE_METHOD_REF = 11;
    private static final int NAME_AND_TYPE = 12;
    private static final int METHOD_HANDLE = 15;
    private static final int METHOD_TYPE = 16;
    private static final int DYNAMIC = 17;
    private static final int INVOKE_DYNAMIC = 18;
    private static final int MODULE = 19;
    private static final int PACKAGE = 20;
    /** A class in a descriptor or signature: {@code Ljava/util/List<Lio/ztsdb/core/Labels;>;}. */
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([A-Za-z0-9_$/]+)[;<]");

    private ClassReferences() {
    }

    /**
     * @param classFile the bytes of a {@code .class} file.
     * @return the binary names ({@code io.ztsdb.core.Tsdb}, {@code a.B$C}) of the classes it refers to, itself
     *     included.
     * @throws IOException when the bytes are not a class file.
     */
    static Set<String> of(final byte[] classFile) throws IOException {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file: bad magic");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        final int count = in.readUnsignedShort();
        final String[] utf8 = new String[count];
        final Set<Integer> classNames = new HashSet<>();
        final Set<Integer> stringLiterals = new HashSet<>();
        for (int i = 1; i < count; i++) {
            final int tag = in.readUnsignedByte();
            switch (tag) {
                case UTF8 -> utf8[i] = in.readUTF();
                case CLASS -> classNames.add(in.readUnsignedShort());
                case STRING -> stringLiterals.add(in.readUnsignedShort());
                case METHOD_TYPE, MODULE, PACKAGE -> in.readUnsignedShort();
                case METHOD_HANDLE -> in.skipNBytes(3);
                case INTEGER, FLOAT, FIELD_REF, METHOD_REF, INTERFACE_METHOD_REF, NAME_AND_TYPE, DYNAMIC,
                    INVOKE_DYNAMIC -> in.skipNBytes(4);
                case LONG, DOUBLE -> {
                    in.skipNBytes(8);
                    i++; // takes two entries
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        final Set<String> references = new HashSet<>();
        for (final int index : classNames) {
            final String name = utf8[index];
            if (name.startsWith("[")) {
                addDescriptorClasses(name, references);
            } else {
                references.add(name.replace('/', '.'));
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !stringLiterals.contains(i) && !classNames.contains(i)) {
                addDescriptorClasses(utf8[i], references);
            }
        }
        return references;
    }

    private static void addDescriptorClasses(final String text, final Set<String> references) {
        if (text.indexOf(';') < 0) {
            return;
        }
        final Matcher matcher = DESCRIPTOR_CLASS.matcher(text);
        while (matcher.find()) {
            references.add(matcher.group(1).replace('/', '.'));
        }
    }
}
