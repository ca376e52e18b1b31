package io.slipway.backup;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** An unencrypted chunk: its data, then CRC32C(index, last flag, data), so damage is found and located. */
final class Crc32cSeal implements ChunkSeal {
    private static final int CRC_BYTES = 4;

    @Override
    public int overhead() {
        return CRC_BYTES;
    }

    @Override
    public int seal(long index, boolean last, byte[] data, int length, byte[] out) {
        System.arraycopy(data, 0, out, 0, length);
        ByteBuffer.wrap(out, length, CRC_BYTES).putInt(crc(index, last, data, length));
        return length + CRC_BYTES;
    }

    @Override
    public int open(long index, boolean last, byte[] sealed, int length, byte[] out) {
        int dataLength = length - CRC_BYTES;
        if (ByteBuffer.wrap(sealed, dataLength, CRC_BYTES).getInt() != crc(index, last, sealed, dataLength)) {
            return -1;
        }
        System.arraycopy(sealed, 0, out, 0, dataLength);
        return dataLength;
    }

    @Override
    public String failure() {
        return "fails its checksum: corrupted";
    }

    private static int crc(long index, boolean last, byte[] data, int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(Long.BYTES + 1).putLong(index).put((byte) (last ? 1 : 0)).flip());
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }
}
