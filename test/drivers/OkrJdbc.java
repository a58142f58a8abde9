// okr through pgJDBC, as an application or a BI tool connects: the
// connection options the README documents, with and without them.  Prints
// TAP.  Run by test/drivers/drivers.sh:
//   java -cp /usr/share/java/postgresql.jar:DIR OkrJdbc 'jdbc:postgresql://HOST:PORT/DB?user=U&password=P'
import java.sql.*;

public class OkrJdbc {
    static int n = 0;

    static void ok(boolean passed, String description) {
        n++;
        System.out.println((passed ? "ok " : "not ok ") + n + " - " + description);
    }

    static String sqlState(Connection c, String sql, String... params) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++)
                ps.setString(i + 1, params[i]);
            ps.execute();
            return "00000";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String insert = "INSERT INTO okr.objective (title, period) VALUES (?, ?)";
        System.out.println("1..7");
        try (Connection c = DriverManager.getConnection(url)) {
            ok("42804".equals(sqlState(c, insert, "Plain", "2026-Q4")),
               "without stringtype=unspecified, setString on an okr.period parameter fails (42804)");
            ok("42883".equals(sqlState(c, "SELECT count(*) FROM okr.objective WHERE period @> current_date")),
               "without okr on the search path, okr's operators are not found (42883)");
        }
        try (Connection c = DriverManager.getConnection(url + "&currentSchema=okr,public&stringtype=unspecified")) {
            ok("00000".equals(sqlState(c, insert, "Faster recovery", "2026-Q4")),
               "with stringtype=unspecified, setString on an okr.period parameter works");
            ok("00000".equals(sqlState(c, "INSERT INTO okr.key_result (objective_id, title, target) "
                                          + "SELECT id, 'Recovery hours', ? FROM okr.objective", "72 -> 2")),
               "and on an okr.target parameter");
            try (PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO okr.check_in (key_result_id, value, at) SELECT id, ?, '2026-11-01' FROM okr.key_result")) {
                ps.setDouble(1, 37);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM objective WHERE period @> date '2026-11-15' AND period = '2026-Q4'")) {
                r.next();
                ok(r.getInt(1) == 1, "with currentSchema=okr,public, okr's tables and operators resolve unqualified");
            }
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT title, score, status, period_start FROM okr.scorecard")) {
                ResultSetMetaData m = r.getMetaData();
                ok(m.getColumnType(1) == Types.VARCHAR && m.getColumnType(2) == Types.DOUBLE
                   && m.getColumnType(3) == Types.VARCHAR && m.getColumnType(4) == Types.DATE,
                   "the scorecard's columns have standard JDBC types (VARCHAR, DOUBLE, VARCHAR, DATE)");
                r.next();
                ok(r.getDouble("score") == 0.5 && "Faster recovery".equals(r.getString("title")),
                   "the check-in rolled up at commit (72 -> 2 at 37: 0.5)");
            }
        }
    }
}
