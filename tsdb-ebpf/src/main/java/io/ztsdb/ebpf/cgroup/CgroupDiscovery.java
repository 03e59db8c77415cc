// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import io.ztsdb.ebpf.libbpf.DirectoryLister;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

/**
 * Walks the cgroup v2 tree and finds the containers' cgroups (or every cgroup), their v2 ids (directory inode
 * numbers, the keys of the BPF maps) and the matching directories of the v1 controller trees, joined by
 * container id (not by path: on hybrid hosts the two trees place a container differently). Containers below
 * {@code kubepods} get the uid of their pod from the pod's directory name, and the pod's name and namespace
 * from the runtime's state ({@link ContainerNames}).
 * <p>
 * <b>Design note:</b> a full walk every discovery interval is simpler and sturdier than inotify (which does not
 * see cgroups created under other mounts, see cloudflare/ebpf_exporter#613). The walk reads directory entries
 * only ({@link DirectoryLister}: type and inode come with each entry), never stat-ing the control files.
 */
public final class CgroupDiscovery {
    private final CgroupLayout layout;
    private final Path scope;
    private final boolean watchAll;
    private final ContainerNames names;

    /**
     * A discovery result.
     *
     * @param watched the watched cgroups by v2 id.
     * @param liveIds the ids of every cgroup of the v2 tree (watched or not), to prune stale map keys.
     */
    public record Result(Long2ObjectHashMap<CgroupEntry> watched, LongHashSet liveIds) {
    }

    /**
     * @param layout   the hierarchies.
     * @param scope    the v2 subtree to walk (the v2 mount, or a directory below it).
     * @param watchAll true to watch every cgroup under the scope, not only containers.
     * @param names    where container names come from.
     */
    public CgroupDiscovery(final CgroupLayout layout, final Path scope, final boolean watchAll,
                           final ContainerNames names) {
        this.layout = layout;
        this.scope = scope;
        this.watchAll = watchAll;
        this.names = names;
    }

    /**
     * @return the hierarchies this discovery walks.
     */
    public CgroupLayout layout() {
        return layout;
    }

    /**
     * Walks the trees once.
     *
     * @param previous the previous result's watched cgroups (names are not re-read for known ids), or null.
     * @return the cgroups found now.
     * @throws IOException when the v2 tree cannot be walked at all.
     */
    public Result discover(final Long2ObjectHashMap<CgroupEntry> previous) throws IOException {
        final Long2ObjectHashMap<CgroupEntry> watched = new Long2ObjectHashMap<>();
        final LongHashSet liveIds = new LongHashSet();
        final List<Found> found = new ArrayList<>();
        final Path v2 = layout.v2();
        final long rootId = ((Number) Files.getAttribute(v2, "unix:ino")).longValue();
        // the whole v2 tree for the live ids (stale map keys are pruned against it), containers only in scope
        walkV2(v2, rootId, "", null, false, liveIds, found);
        final Map<String, Path> memory = v1Index(layout.memory(), found);
        final Map<String, Path> cpuacct = v1Index(layout.cpuacct(), found);
        final Map<String, Path> cpu = layout.cpu() != null && layout.cpu().equals(layout.cpuacct()) ? cpuacct
            : v1Index(layout.cpu(), found);
        final Map<String, Path> blkio = v1Index(layout.blkio(), found);
        for (final Found f : found) {
            final CgroupEntry known = previous == null ? null : previous.get(f.id);
            final CgroupEntry.V1Paths v1 = new CgroupEntry.V1Paths(memory.get(f.key), cpuacct.get(f.key),
                cpu.get(f.key), blkio.get(f.key));
            if (known != null) { // names are read once per container
                watched.put(f.id, CgroupEntry.of(f.id, f.dir, f.runtime, f.key, known.name(), v1, known.pod()));
                continue;
            }
            final boolean plain = f.runtime.equals(CgroupEntry.PLAIN_CGROUP);
            final ContainerNames.Metadata metadata = plain ? ContainerNames.Metadata.NONE
                : names.lookup(f.runtime, f.key);
            final String name = plain ? f.key
                : metadata.name() != null ? metadata.name() : ContainerIdResolver.shortId(f.key);
            final PodInfo pod = f.podUid == null ? null : new PodInfo(f.podUid, metadata.pod(), metadata.namespace());
            watched.put(f.id, CgroupEntry.of(f.id, f.dir, f.runtime, f.key, name, v1, pod));
        }
        return new Result(watched, liveIds);
    }

    private record Found(long id, Path dir, String runtime, String key, String podUid) {
    }

    private void walkV2(final Path dir, final long id, final String parentName, final String podUid,
                        final boolean inKubepods, final LongHashSet liveIds, final List<Found> found) {
        liveIds.add(id);
        final String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        final boolean kubepods = inKubepods || name.contains("kubepods");
        final String ownPodUid = kubepods && podUid == null ? ContainerIdResolver.podUid(name) : podUid;
        if (dir.startsWith(scope)) {
            final ContainerIdResolver.Match match = ContainerIdResolver.resolve(name, parentName, kubepods);
            if (match != null) {
                found.add(new Found(id, dir, match.runtime(), match.containerId(), ownPodUid));
            } else if (watchAll) {
                found.add(new Found(id, dir, CgroupEntry.PLAIN_CGROUP, "/" + layout.v2().relativize(dir), null));
            }
        }
        DirectoryLister.list(dir, (child, inode, typeKnown) -> {
            final Path childDir = dir.resolve(child);
            if (typeKnown || Files.isDirectory(childDir, LinkOption.NOFOLLOW_LINKS)) {
                walkV2(childDir, inode, name, ownPodUid, kubepods, liveIds, found);
            }
        });
    }

    /** Maps container id (or relative path in watch-all mode) to its directory in one v1 controller tree. */
    private Map<String, Path> v1Index(final Path v1Mount, final List<Found> found) {
        final Map<String, Path> index = new HashMap<>();
        if (v1Mount != null && !found.isEmpty()) {
            walkV1(v1Mount, v1Mount, "", false, index);
        }
        return index;
    }

    private void walkV1(final Path v1Mount, final Path dir, final String parentName, final boolean inKubepods,
                        final Map<String, Path> index) {
        final String name = dir.equals(v1Mount) || dir.getFileName() == null ? "" : dir.getFileName().toString();
        final boolean kubepods = inKubepods || name.contains("kubepods");
        final ContainerIdResolver.Match match = ContainerIdResolver.resolve(name, parentName, kubepods);
        if (match != null) {
            index.putIfAbsent(match.containerId(), dir);
            if (!watchAll) {
                return; // the join needs the container's own directory only: 3 listings fewer per container
            }
        } else if (watchAll) {
            index.putIfAbsent("/" + v1Mount.relativize(dir), dir);
        }
        DirectoryLister.list(dir, (child, inode, typeKnown) -> {
            final Path childDir = dir.resolve(child);
            if (typeKnown || Files.isDirectory(childDir, LinkOption.NOFOLLOW_LINKS)) {
                walkV1(v1Mount, childDir, name, kubepods, index);
            }
        });
    }
}
