package tcpkitbench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import static tcpkitbench.Bench.*;

/** The bar charts of docs/benchmarks.png. */
final class Charts {
    static void drawChart(List<Jdk> jdks, List<Sample> samples, Path file) throws IOException {
        int panelW = 560;
        int panelH = 340;
        int w = panelW * 2;
        int h = panelH * jdks.size() + 40;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Ping-pong, 64-byte lines: medians of " + ROUNDS + " rounds", 20, 26);
        String[] variants = {"tcpkit-info", "tcpkit", "netty"};
        Color[] colors = {new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xd62728)};
        for (int row = 0; row < jdks.size(); row++) {
            Jdk jdk = jdks.get(row);
            for (int col = 0; col < 2; col++) {
                String key = col == 0 ? "messagesPerSecond" : "p99";
                String title = (col == 0 ? "throughput, msg/s" : "p99 latency, us (log scale)") + " - Java " + jdk.feature();
                double[][] series = new double[variants.length][SWEEP.length];
                double max = 0;
                double min = Double.MAX_VALUE;
                for (int v = 0; v < variants.length; v++) {
                    for (int i = 0; i < SWEEP.length; i++) {
                        series[v][i] = med(samples, jdk.label(), "pingpong-64-c" + SWEEP[i], variants[v], key);
                        if (series[v][i] > 0) {
                            max = Math.max(max, series[v][i]);
                            min = Math.min(min, series[v][i]);
                        }
                    }
                }
                panel(g, col * panelW, 40 + row * panelH, panelW, panelH, title, series, variants, colors, max,
                        col == 1 ? Math.max(1, min) : 0, col == 1);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static void panel(Graphics2D g, int x0, int y0, int w, int h, String title, double[][] series, String[] names,
                      Color[] colors, double max, double min, boolean logY) {
        String[] labels = new String[SWEEP.length];
        for (int i = 0; i < SWEEP.length; i++) {
            labels[i] = SWEEP[i] + (i == SWEEP.length - 1 ? " connections" : "");
        }
        panel(g, x0, y0, w, h, title, series, names, colors, max, min, logY, labels);
    }

    /** One panel: a line per series over the points named by {@code labels}, on a linear or log scale. */
    static void panel(Graphics2D g, int x0, int y0, int w, int h, String title, double[][] series, String[] names,
                      Color[] colors, double max, double min, boolean logY, String[] labels) {
        int left = x0 + 80;
        int right = x0 + w - 20;
        int top = y0 + 30;
        int bottom = y0 + h - 50;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(title, left, y0 + 18);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        double lo = logY ? Math.log10(min / 1.5) : 0;
        double hi = logY ? Math.log10(max * 1.5) : max * 1.1;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 4; t++) {
            double value = lo + (hi - lo) * t / 4;
            int y = bottom - (int) ((bottom - top) * t / 4.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.DARK_GRAY);
            double shown = logY ? Math.pow(10, value) : value;
            g.drawString(String.format(Locale.ROOT, shown >= 1000 ? "%,.0f" : shown >= 10 ? "%.0f" : "%.2f", shown),
                    x0 + 8, y + 4);
        }
        for (int i = 0; i < labels.length; i++) {
            int x = left + (int) ((right - left) * (i + 0.5) / labels.length);
            g.setColor(Color.DARK_GRAY);
            g.drawString(labels[i], x - 10, bottom + 16);
        }
        g.setStroke(new BasicStroke(2.2f));
        for (int v = 0; v < series.length; v++) {
            g.setColor(colors[v]);
            int px = -1;
            int py = -1;
            for (int i = 0; i < labels.length; i++) {
                double value = series[v][i];
                if (!(value > 0)) {
                    continue;
                }
                double scaled = logY ? (Math.log10(value) - lo) / (hi - lo) : (value - lo) / (hi - lo);
                int x = left + (int) ((right - left) * (i + 0.5) / labels.length);
                int y = bottom - (int) ((bottom - top) * scaled);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(left + 10 + v * 115, bottom + 26, 14, 4);
            g.drawString(names[v], left + 28 + v * 115, bottom + 32);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private Charts() {
    }
}
