package dev.mpkit.ref.pool;

import dev.mpkit.ref.codec.Codec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "mpkit.pool.bench", matches = "true")
class ScratchProfTests {
    @Test
    void codecCosts() throws Exception {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) items.add(i);
        for (int round = 0; round < 20; round++) {
            long s = System.nanoTime();
            List<byte[]> forms = new ArrayList<>();
            for (int c = 0; c < 8; c++) forms.add(Codec.encode(new ArrayList<>(items.subList(c * 12500, (c + 1) * 12500))));
            long e = System.nanoTime();
            int n = 0;
            for (byte[] f : forms) n += ((List<?>) Codec.decode(f, 0, f.length)).size();
            long d = System.nanoTime();
            if (round % 5 == 4) System.out.printf("encode 100k %.2f ms, decode %.2f ms%n", (e - s) / 1e6, (d - e) / 1e6);
        }
    }
}
